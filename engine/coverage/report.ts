/**
 * The coverage report in OPA's JSON shape (`opa test --coverage`): per file the covered and
 * not-covered line ranges, their line counts and a percentage; the same totals over all files.
 * As in OPA: a line counts as covered when any expression on it was evaluated or any rule whose
 * head is on it produced a value, else as not covered when it holds a rule head or an
 * expression; test files are reported like any other module; per-file fields that are empty or
 * zero are left out (Go's omitempty), the totals never are; percentages are not rounded.
 * The warden's generated modules (`(mcp-warden)/...`) are not the user's code: left out.
 */
import type { CoverageSites } from '../compiler/index.js';

export interface CoverageRange {
  start: { row: number };
  end: { row: number };
}

export interface FileCoverage {
  covered?: CoverageRange[];
  not_covered?: CoverageRange[];
  covered_lines?: number;
  not_covered_lines?: number;
  /** Percentage, 0-100; absent when 0 (as in OPA). */
  coverage?: number;
}

export interface CoverageReport {
  /** By file name, in sorted order. */
  files: Record<string, FileCoverage>;
  covered_lines: number;
  not_covered_lines: number;
  /** Percentage over all files, 0-100 (0 when no file has any line to cover). */
  coverage: number;
}

const GENERATED_PREFIX = '(mcp-warden)/';

export function coverageReport(sites: CoverageSites, hits: ReadonlySet<number>, modules: Record<string, string>): CoverageReport {
  const lines = new Map<string, { covered: Set<number>; all: Set<number> }>();
  const fileLines = (file: string) => {
    let l = lines.get(file);
    if (!l) lines.set(file, (l = { covered: new Set(), all: new Set() }));
    return l;
  };
  for (const file of Object.keys(modules)) fileLines(file);
  sites.sites.forEach((site, i) => {
    const l = fileLines(site.file);
    l.all.add(site.row);
    if (hits.has(i)) l.covered.add(site.row);
  });
  const report: CoverageReport = { files: {}, covered_lines: 0, not_covered_lines: 0, coverage: 0 };
  for (const file of [...lines.keys()].sort()) {
    if (file.startsWith(GENERATED_PREFIX)) continue;
    const l = lines.get(file)!;
    const notCovered = [...l.all].filter((row) => !l.covered.has(row));
    report.files[file] = fileReport([...l.covered], notCovered);
    report.covered_lines += l.covered.size;
    report.not_covered_lines += notCovered.length;
  }
  report.coverage = percentage(report.covered_lines, report.not_covered_lines);
  return report;
}

function fileReport(covered: number[], notCovered: number[]): FileCoverage {
  const fr: FileCoverage = {};
  if (covered.length > 0) fr.covered = ranges(covered);
  if (notCovered.length > 0) fr.not_covered = ranges(notCovered);
  if (covered.length > 0) fr.covered_lines = covered.length;
  if (notCovered.length > 0) fr.not_covered_lines = notCovered.length;
  const pct = percentage(covered.length, notCovered.length);
  if (pct !== 0) fr.coverage = pct;
  return fr;
}

function percentage(covered: number, notCovered: number): number {
  const total = covered + notCovered;
  return total === 0 ? 0 : (100 * covered) / total;
}

/** Rows merged into runs of consecutive rows. */
function ranges(rows: number[]): CoverageRange[] {
  const sorted = [...rows].sort((a, b) => a - b);
  const out: CoverageRange[] = [];
  for (const row of sorted) {
    const last = out[out.length - 1];
    if (last && row === last.end.row + 1) last.end = { row };
    else out.push({ start: { row }, end: { row } });
  }
  return out;
}
