/** Human-readable verify output and the exit status the CLI maps a report to. */
import path from 'node:path';
import { categoryOf } from './codes.js';
import type { VerifyFinding, VerifyReport } from './types.js';

export const ExitCode = { ok: 0, tamper: 1, usageOrIo: 2, warnings: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Tamper outranks I/O trouble: once something is proven wrong, what could not be read matters less. */
export function exitCodeFor(report: VerifyReport): ExitCode {
  if (report.problems.some((p) => categoryOf(p.code) === 'tamper')) return ExitCode.tamper;
  if (report.problems.length > 0) return ExitCode.usageOrIo;
  return report.warnings.length > 0 ? ExitCode.warnings : ExitCode.ok;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function formatFinding(f: VerifyFinding, suffix = ''): string {
  return `${path.normalize(f.file)}:${f.line}: ${f.code}: ${f.message}${suffix}`;
}

/**
 * First line `PASS` or `FAIL` with counts, then one `file:line: code: message` line per problem
 * and per warning (warnings marked as such), problems first.
 */
export function formatVerifyReport(report: VerifyReport): string {
  const verdict = report.ok ? 'PASS' : 'FAIL';
  const counts = `${plural(report.entries, 'entry', 'entries')} in ${plural(report.segments, 'segment')}`;
  const tally = [report.problems.length ? plural(report.problems.length, 'problem') : '', report.warnings.length ? plural(report.warnings.length, 'warning') : ''].filter(Boolean);
  const lines = [`${verdict}: ${counts}${tally.length ? `; ${tally.join(', ')}` : ''}`];
  for (const p of report.problems) lines.push(formatFinding(p));
  for (const w of report.warnings) lines.push(formatFinding(w, ' (warning)'));
  return `${lines.join('\n')}\n`;
}

/**
 * The report as one JSON document, for audits that file or compare results (`warden verify
 * --format json`): the verdict and the exit code the CLI returns, the counts, and each finding
 * with its category (what kind of trouble its code is: codes.ts).
 */
export function verifyReportJson(report: VerifyReport): string {
  const finding = (f: VerifyFinding) => ({ file: path.normalize(f.file), line: f.line, code: f.code, category: categoryOf(f.code), message: f.message });
  return `${JSON.stringify({
    result: report.ok ? 'PASS' : 'FAIL',
    exit_code: exitCodeFor(report),
    entries: report.entries,
    segments: report.segments,
    problems: report.problems.map(finding),
    warnings: report.warnings.map(finding),
  }, null, 2)}\n`;
}
