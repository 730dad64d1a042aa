/**
 * The bench's machine-readable record: each section records the rows it prints, with numeric
 * values in stable units (latencies in microseconds as `*_us`, rates in calls/s, memory in MiB,
 * ratios as plain numbers), and bench.ts writes them all to bench-results.json at the end, so two
 * runs can be compared without parsing the text tables.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';

export type ResultValue = string | number | null;
export type ResultRow = Record<string, ResultValue>;

export interface BenchResults {
  generated: string;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the bench began: a busy machine skews every row. */
  loadavg_at_start: number[];
  sections: Record<string, ResultRow[]>;
}

const LOAD_AT_START = loadavg();
const sections = new Map<string, ResultRow[]>();

export function recordResult(section: string, row: ResultRow): void {
  // JSON has no NaN or Infinity: a figure that could not be measured is null
  const clean = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'number' && !Number.isFinite(value) ? null : value]));
  const rows = sections.get(section) ?? [];
  rows.push(clean);
  sections.set(section, rows);
}

export function collectedResults(): BenchResults {
  return {
    generated: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    loadavg_at_start: LOAD_AT_START,
    sections: Object.fromEntries(sections),
  };
}

export async function writeResults(file: string): Promise<void> {
  await writeFile(file, `${JSON.stringify(collectedResults(), null, 2)}\n`);
}

/** Milliseconds (what stats.ts samples) to microseconds, to 0.1 us. */
export function us(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.round(ms * 10_000) / 10;
}

/** A ratio to three decimals, the precision any comparison between runs can use. */
export function ratioOf(value: number, base: number): number {
  return Math.round((value / base) * 1000) / 1000;
}

/** A figure already in its unit (MiB, us of CPU) to one decimal; null when it could not be read. */
export function tenths(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 10) / 10;
}

/** Milliseconds as whole microseconds, for a table cell. */
export function usText(ms: number): string {
  return `${(ms * 1000).toFixed(0)} us`;
}

/** Microseconds of CPU for a table cell, or n/a where the kernel gave no figure. */
export function cpuUsText(us: number | undefined): string {
  return us === undefined ? 'n/a' : `${us.toFixed(0)} us`;
}
