/**
 * mcp-warden's public API.
 */
export { compile, type CompileOptions, type CompileResult } from './compiler/compile.js';
export { CompileError, formatDiagnostic, type Diagnostic, type DiagnosticCode } from './compiler/diagnostics.js';
export { hostBuiltins } from './builtins/index.js';
