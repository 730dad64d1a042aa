/**
 * The one way a compiled policy is instantiated through the OPA SDK, for the proxy and for the
 * CLI commands (eval, test): the memory is sized from the module (compiler/wasm/memory-pages.ts)
 * instead of the SDK's fixed 5 pages, which a large policy's data segment does not fit.
 */
import { createRequire } from 'node:module';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { initialMemoryPages } from '../compiler/wasm/index.js';
import { hostBuiltins } from '../builtins/index.js';
import { inputBuffer } from '../decision/encode.js';
import type { PolicyContent } from './sources.js';

// The SDK's ESM entry re-exports loadPolicy alone; loadPolicySync is on its CommonJS exports.
const { loadPolicySync } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as typeof import('@open-policy-agent/opa-wasm');

type Builtins = Parameters<typeof loadPolicySync>[2];

/** A module compiled ahead (e.g. by `WebAssembly.compile` or on a worker) with the pages its bytes need. */
export interface CompiledModule {
  module: WebAssembly.Module;
  pages: number;
}

/**
 * Compiles (asynchronously, as the SDK's loadPolicy would) and instantiates through the SDK's
 * loadPolicySync: loadPolicy asks whether its argument is a fetch `Response`, and in Node the
 * first mention of `Response` loads the whole fetch implementation, tens of ms of every
 * process's (and the compile worker's) first load.
 */
export async function loadPolicyWasm(wasm: Uint8Array | CompiledModule, builtins: Builtins = hostBuiltins): Promise<LoadedPolicy> {
  const compiled = wasm instanceof Uint8Array ? await compileModule(wasm) : wasm;
  return loadPolicySync(compiled.module, { initial: compiled.pages }, builtins);
}

/** Compiles off the calling thread where V8 can (WebAssembly.compile is asynchronous). */
export async function compileModule(wasm: Uint8Array): Promise<CompiledModule> {
  return { module: await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>), pages: initialMemoryPages(wasm) };
}

/**
 * Gives a loaded policy its base data: the exact text where there is one (the SDK takes an
 * ArrayBuffer as JSON already written), else the value.
 */
export function installData(loaded: Pick<LoadedPolicy, 'setData'>, { data, exactData }: Pick<PolicyContent, 'data' | 'exactData'>): void {
  loaded.setData(exactData === undefined ? data : inputBuffer(exactData));
}
