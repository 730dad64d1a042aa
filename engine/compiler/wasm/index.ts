/**
 * The last compiler stage: IR plan -> wasm bytes that follow the OPA wasm ABI (1.3), built by
 * extending the AssemblyScript runtime (dist/runtime.wasm) at section level.
 */
export { emitWasm, ABI_VERSION, ABI_MINOR_VERSION, type EmitResult, type EmitOptions } from './encoder.js';
export { COVERAGE_EXPORT } from './coverage.js';
export { loadRuntime, findRuntime } from './load-runtime.js';
export { nativeBuiltinExport, runtimeExports } from './native-builtins.js';
export { initialMemoryPages, WASM_PAGE_BYTES } from './memory-pages.js';
