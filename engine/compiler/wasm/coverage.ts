/**
 * Coverage probes: with coverage on, every `Nop` the planner placed at a coverage site stores 1
 * into that site's hit byte. The hit bytes are a zeroed region of the data segment, below the
 * heap, so the SDK's heap reset before each evaluation keeps them and hits add up over every
 * evaluation of one loaded module. The exported immutable global `warden_coverage_hits` holds the
 * region's address (OPA SDKs ignore extra exports); byte i belongs to site i.
 */
import type { Loc, Policy } from '../ir.js';
import type { CoverageSites } from '../plan/coverage.js';
import type { DataLayout } from './data-layout.js';
import type { FuncBuilder } from './func-builder.js';

export const COVERAGE_EXPORT = 'warden_coverage_hits';

export interface CoverageProbes {
  /** Address of the hit bytes. */
  base: number;
  /** Site index by `file index:row` of the IR location. */
  index: Map<string, number>;
}

export function layoutProbes(policy: Policy, sites: CoverageSites, data: DataLayout): CoverageProbes {
  const files = policy.static.files.map((f) => f.value);
  const index = new Map<string, number>();
  sites.sites.forEach((site, i) => {
    const file = files.indexOf(site.file);
    if (file < 0) throw new Error(`internal: coverage site in unknown file ${site.file}`);
    index.set(`${file}:${site.row}`, i);
  });
  return { base: data.reserve(sites.sites.length), index };
}

/** A Nop: with probes, marks its site hit; otherwise (or off any site) nothing. */
export function emitProbe(fb: FuncBuilder, probes: CoverageProbes | undefined, loc: Loc): void {
  const site = probes?.index.get(`${loc.file}:${loc.row}`);
  if (site === undefined) return;
  fb.i32Const(probes!.base + site).i32Const(1).store8();
}
