/**
 * How much memory a compiled policy needs at instantiation. Its data segment grows with the
 * policy (strings, messages, JSON constants), and an active segment that does not fit the
 * host's memory fails instantiation ("data segment is out of bounds"); the OPA SDKs default to
 * 5 pages whatever the module. So hosts size the memory from the module itself.
 */
import { readModule } from './module-reader.js';

export const WASM_PAGE_BYTES = 65_536;

/**
 * The runtime's persistent region, which the heap starts above: PERSISTENT_BYTES of
 * engine/runtime/assembly/alloc.ts (compiled patterns and their DFA states).
 */
const RUNTIME_PERSISTENT_PAGES = 524_288 / WASM_PAGE_BYTES;
/** The heap the SDK default leaves a small policy. */
const SDK_HEAP_PAGES = 5;

/** Room above the data, so a first evaluation does not have to grow the memory (load-wasm.test.ts checks it). */
export const HEAP_HEADROOM_PAGES = RUNTIME_PERSISTENT_PAGES + SDK_HEAP_PAGES;

/** Initial pages for `wasm`: its highest active data address plus the heap headroom. */
export function initialMemoryPages(wasm: Uint8Array): number {
  const dataEnd = readModule(wasm).data.reduce((end, d) => (d.offset === undefined ? end : Math.max(end, d.offset + d.size)), 0);
  return Math.ceil(dataEnd / WASM_PAGE_BYTES) + HEAP_HEADROOM_PAGES;
}
