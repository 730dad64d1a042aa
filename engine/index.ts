/**
 * mcp-warden's public API.
 */
export { compile, type CompileOptions, type CompileResult } from './compiler/index.js';
export { CompileError, formatDiagnostic, DiagnosticCode, type Diagnostic, type ErrorDetail } from './compiler/index.js';
export { hostBuiltins } from './builtins/index.js';
