/**
 * The `name` custom section (WebAssembly spec, appendix "Name Section"), function names only:
 * V8 shows them in stack traces, `--cpu-prof` profiles and `--perf-basic-prof` maps, so a
 * profile of a policy names its rules (`g0.data.mcp.allow`) instead of `wasm-function[437]`.
 * Engines and the OPA SDKs otherwise ignore custom sections.
 */
import { ByteWriter } from './binary.js';
import type { CustomSection } from './module.js';

const FUNCTION_NAMES = 1;

/** `names` maps function indexes to names; the section lists them by ascending index, as the spec requires. */
export function nameSection(names: ReadonlyMap<number, string>): CustomSection {
  const sorted = [...names].sort(([a], [b]) => a - b);
  const map = new ByteWriter().u32(sorted.length);
  for (const [index, name] of sorted) map.u32(index).name(name);
  const entries = map.finish();
  return { name: 'name', payload: new ByteWriter().u8(FUNCTION_NAMES).u32(entries.length).bytes(entries).finish() };
}
