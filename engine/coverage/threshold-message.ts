/**
 * What `opa test` says when coverage is below `--threshold`: the percentages with two decimals
 * and, verbose, each not-covered range as file:row or file:first-last, files in name order.
 */
import type { CoverageReport } from './report.js';

export function thresholdMessage(report: CoverageReport, threshold: number, verbose: boolean): string {
  const lines = [`Code coverage threshold not met: got ${report.coverage.toFixed(2)} instead of ${threshold.toFixed(2)}`];
  const files = Object.keys(report.files).sort();
  if (verbose && files.length > 0) {
    lines.push('Lines not covered:');
    for (const file of files) {
      for (const { start, end } of report.files[file]!.not_covered ?? []) {
        lines.push(`\t${file}:${start.row === end.row ? start.row : `${start.row}-${end.row}`}`);
      }
    }
  }
  return lines.join('\n');
}
