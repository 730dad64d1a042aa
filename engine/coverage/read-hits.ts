/**
 * Reads the hit bytes of a policy compiled with `coverage: true` out of its loaded instance.
 * Hits add up over every evaluation of the loaded policy; load it again to start from zero.
 */
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { COVERAGE_EXPORT, type CoverageSites } from '../compiler/index.js';

/** The probe indexes (indexes into `sites.sites`) that evaluation has reached so far. */
export function readCoverageHits(policy: LoadedPolicy, sites: CoverageSites): Set<number> {
  const instance = 'instance' in policy.wasmInstance ? policy.wasmInstance.instance : policy.wasmInstance;
  const global = instance.exports[COVERAGE_EXPORT];
  if (!(global instanceof WebAssembly.Global)) {
    throw new TypeError(`readCoverageHits: the policy has no ${COVERAGE_EXPORT} export; compile it with coverage: true`);
  }
  const base = global.value as number;
  const count = sites.sites.length;
  if (base + count > policy.mem.buffer.byteLength) throw new RangeError('readCoverageHits: the sites do not belong to this policy');
  const bytes = new Uint8Array(policy.mem.buffer, base, count);
  const hits = new Set<number>();
  bytes.forEach((b, i) => { if (b !== 0) hits.add(i); });
  return hits;
}
