/**
 * The one way a compiled policy is instantiated through the OPA SDK, for the proxy and for the
 * CLI commands (eval, test): the memory is sized from the module (compiler/wasm/memory-pages.ts)
 * instead of the SDK's fixed 5 pages, which a large policy's data segment does not fit.
 */
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { initialMemoryPages } from '../compiler/wasm/index.js';
import { hostBuiltins } from '../builtins/index.js';

type Builtins = Parameters<typeof loadPolicy>[2];

/** A module compiled ahead (e.g. by `WebAssembly.compile` or on a worker) with the pages its bytes need. */
export interface CompiledModule {
  module: WebAssembly.Module;
  pages: number;
}

export function loadPolicyWasm(wasm: Uint8Array | CompiledModule, builtins: Builtins = hostBuiltins): Promise<LoadedPolicy> {
  if (wasm instanceof Uint8Array) {
    return loadPolicy(wasm as Uint8Array<ArrayBuffer>, { initial: initialMemoryPages(wasm) }, builtins);
  }
  return loadPolicy(wasm.module, { initial: wasm.pages }, builtins);
}

/** Compiles off the calling thread where V8 can (WebAssembly.compile is asynchronous). */
export async function compileModule(wasm: Uint8Array): Promise<CompiledModule> {
  return { module: await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>), pages: initialMemoryPages(wasm) };
}
