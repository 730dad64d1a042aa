/**
 * The human-readable form of a coverage report: one block per file with its percentage and its
 * covered and not-covered line ranges, then the total. Percentages have two decimals, as in
 * OPA's coverage threshold message.
 */
import type { CoverageRange, CoverageReport, FileCoverage } from './report.js';

export function formatCoverage(report: CoverageReport): string {
  const lines: string[] = [];
  for (const [file, fr] of Object.entries(report.files)) {
    const covered = fr.covered_lines ?? 0;
    const total = covered + (fr.not_covered_lines ?? 0);
    if (total === 0) {
      lines.push(`${file}: no lines to cover`);
      continue;
    }
    lines.push(`${file}: ${summary(fr.coverage ?? 0, covered, total)}`);
    lines.push(...rangeLines(fr));
  }
  const total = report.covered_lines + report.not_covered_lines;
  lines.push(`Total: ${summary(report.coverage, report.covered_lines, total)}`);
  return `${lines.join('\n')}\n`;
}

function summary(pct: number, covered: number, total: number): string {
  return `${pct.toFixed(2)}% (${covered} of ${total} lines covered)`;
}

function rangeLines(fr: FileCoverage): string[] {
  const out: string[] = [];
  if (fr.covered) out.push(`  covered:     ${fr.covered.map(formatRange).join(', ')}`);
  if (fr.not_covered) out.push(`  not covered: ${fr.not_covered.map(formatRange).join(', ')}`);
  return out;
}

function formatRange(r: CoverageRange): string {
  return r.start.row === r.end.row ? `${r.start.row}` : `${r.start.row}-${r.end.row}`;
}
