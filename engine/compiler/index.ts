/**
 * The Rego -> WebAssembly compiler: stages in ./stages.ts, public entry in ./compile.ts.
 */
export { compile, type CompileOptions, type CompileResult } from './compile.js';
export { CompileError, formatDiagnostic, DiagnosticCode, type Diagnostic, type ErrorDetail } from './diagnostics.js';
export { STAGES, type StageHooks, type StageTimer } from './stages.js';
export type { CoverageSite, CoverageSites } from './plan/coverage.js';
export type { InputReads } from './plan/input-reads.js';
export { COVERAGE_EXPORT } from './wasm/index.js';
