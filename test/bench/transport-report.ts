/**
 * Prints the transport bench: latency rows with ratios to direct stdio and warden HTTP to
 * supergateway, throughput with warden to direct, and warden's memory growth. Targets are shown
 * next to the ratios they concern; nothing passes or fails here, these are numbers only.
 */
import { availableParallelism, tmpdir } from 'node:os';
import type { Latency, Pipelined } from './load.js';
import { PATH_NAMES, type PathKind } from './paths.js';
import { ratioOf, recordResult, tenths, us } from './results.js';

export type Outcome<T> = T | Error;

export interface MemoryResult extends Pipelined {
  /** RSS in MiB after the warm-up calls. */
  before: number;
  /** RSS in MiB after each equal part of the measured calls. */
  steps: number[];
  /** Live heap in MiB after a forced GC, after the warm-up and after each part. */
  heapBefore: number;
  heapSteps: number[];
}

export interface TransportReport {
  latencies: ReadonlyMap<PathKind, Outcome<Latency>>;
  rates: ReadonlyMap<PathKind, Outcome<number>>;
  memory: Outcome<MemoryResult>;
  /** One-minute load average when the transport bench began: other work on the machine skews every row. */
  load: number;
  seconds: number;
  settings: { roundTrips: number; steadyWarmup: number; warmup: number; latencyRounds: number; clients: number; callsEach: number; memoryWarmup: number; inFlight: number };
}

export function printTransportReport(report: TransportReport): void {
  const { settings } = report;
  recordResult('transports', { what: 'load average when the transport bench began', loadavg_1m: report.load, seconds: Math.round(report.seconds) });
  const lines = [
    '',
    `transports: tools/call read_file round trips, SDK Client, one session per path, all open at once: ${settings.steadyWarmup} pipelined and ${settings.warmup} sequential warm-up calls each, `
      + `then ${settings.roundTrips} sequential calls each in ${settings.latencyRounds} interleaved turns`,
    `(warden: shipped policies, --no-auth, a fresh journal under ${tmpdir()} per run; supergateway --stateful, no logging)`,
    ...latencyTable(report.latencies),
    '',
    `throughput: ${settings.clients} concurrent clients x ${settings.callsEach} calls, each client its own session and server process; `
      + `clients, bridge and servers share ${availableParallelism()} cores`,
    ...throughputTable(report.rates),
    '',
    `memory: warden HTTP->stdio, one session, ${settings.inFlight} calls in flight`,
    `  ${memoryLine(report.memory, settings.memoryWarmup)}`,
    '',
    `transport bench took ${report.seconds.toFixed(0)} s; load average ${report.load.toFixed(2)} when it began`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function latencyTable(latencies: TransportReport['latencies']): string[] {
  const direct = ok(latencies.get('direct'));
  const gateway = ok(latencies.get('supergateway-http'));
  const floor = ok(latencies.get('http-floor'));
  const rows = [...latencies].map(([kind, result]): string[] => {
    if (result instanceof Error) return failed('latency', kind, result, [PATH_NAMES[kind], '', '', `failed: ${result.message}`]);
    recordResult('transports', {
      what: 'latency', path: kind, p50_us: us(result.p50), p99_us: us(result.p99),
      p50_vs_direct: direct && kind !== 'direct' ? ratioOf(result.p50, direct.p50) : null, p99_vs_direct: direct && kind !== 'direct' ? ratioOf(result.p99, direct.p99) : null,
      p50_vs_supergateway: gateway && kind !== 'supergateway-http' ? ratioOf(result.p50, gateway.p50) : null,
    });
    const notes: string[] = [];
    if (kind === 'direct') notes.push('baseline');
    // What the client alone costs: a bridge cannot be faster than this floor.
    if (kind === 'http-floor' && gateway) notes.push(`${ratio(result.p50, gateway.p50)} supergateway p50 (1/3 of it would be ${ms(gateway.p50 / 3)})`);
    if (kind === 'http-listener' && floor) notes.push(`${ratio(result.p50, floor.p50)} HTTP floor p50: the listener's own cost`);
    // What relaying to a stdio server costs with no work at all: the lowest an HTTP->stdio bridge can go.
    if (kind === 'bridge-floor' && gateway) notes.push(`${ratio(result.p50, gateway.p50)} supergateway p50`);
    if (kind.startsWith('warden-http') && gateway) notes.push(`${ratio(result.p50, gateway.p50)} supergateway p50 (target <= 0.33)`);
    if (kind !== 'direct' && direct) notes.push(`${ratio(result.p50, direct.p50)} p50, ${ratio(result.p99, direct.p99)} p99 vs direct`);
    return [PATH_NAMES[kind], ms(result.p50), ms(result.p99), notes.join('; ')];
  });
  return table(['path', 'p50', 'p99', 'notes'], rows);
}

function throughputTable(rates: TransportReport['rates']): string[] {
  const direct = ok(rates.get('direct'));
  const gateway = ok(rates.get('supergateway-http'));
  const rows = [...rates].map(([kind, result]): string[] => {
    if (result instanceof Error) return failed('throughput', kind, result, [PATH_NAMES[kind], '', `failed: ${result.message}`]);
    recordResult('transports', {
      what: 'throughput', path: kind, calls_per_s: Math.round(result),
      vs_direct: direct && kind !== 'direct' ? ratioOf(result, direct) : null, vs_supergateway: gateway && kind !== 'supergateway-http' ? ratioOf(result, gateway) : null,
    });
    const notes: string[] = [];
    if (kind === 'direct') notes.push('baseline');
    // The SDK's HTTP clients alone, with nothing behind the server: no HTTP bridge can do better.
    if (kind === 'http-floor') notes.push('the HTTP clients\' own ceiling');
    if (kind === 'bridge-floor') notes.push('the ceiling of an HTTP->stdio relay doing no work');
    if (kind !== 'direct' && direct) notes.push(`${ratio(result, direct)} direct${kind === 'warden-http' ? ' (target >= 0.70)' : ''}`);
    if (kind.startsWith('warden-http') && gateway) notes.push(`${ratio(result, gateway)} supergateway`);
    return [PATH_NAMES[kind], result.toFixed(0), notes.join('; ')];
  });
  return table(['path', 'calls/s', 'notes'], rows);
}

function memoryLine(memory: Outcome<MemoryResult>, warmup: number): string {
  if (memory instanceof Error) return failed('warden http memory', 'warden-http', memory, `failed: ${memory.message}`);
  const after = memory.steps.at(-1) ?? memory.before;
  const growth = after - memory.before;
  const rate = memory.calls / memory.seconds;
  const heapGrowth = (memory.heapSteps.at(-1) ?? memory.heapBefore) - memory.heapBefore;
  recordResult('transports', {
    what: 'warden http memory', calls: memory.calls, calls_per_s: Math.round(rate), heap_start_mib: tenths(memory.heapBefore), heap_growth_mib: tenths(heapGrowth),
    rss_start_mib: tenths(memory.before), rss_growth_mib: tenths(growth),
  });
  const signed = (mib: number): string => `${mib >= 0 ? '+' : ''}${mib.toFixed(1)}`;
  return `over ${memory.calls.toLocaleString('en')} calls after ${warmup.toLocaleString('en')} warm-up (${memory.seconds.toFixed(1)} s, ${rate.toFixed(0)} calls/s):\n`
    + `  live heap after forced GC: ${memory.heapBefore.toFixed(2)} MiB, then ${memory.heapSteps.map((mib) => mib.toFixed(2)).join(', ')} MiB: growth ${signed(heapGrowth)} MiB (target < 10 MiB)\n`
    + `  RSS (follows V8's reserved heap, noisy): ${memory.before.toFixed(1)} MiB, then ${memory.steps.map((mib) => mib.toFixed(1)).join(', ')} MiB: ${signed(growth)} MiB`;
}

/** Records a path that could not be measured, so the JSON shows the failure rather than a gap; returns `printed`. */
function failed<T>(what: string, kind: PathKind, error: Error, printed: T): T {
  recordResult('transports', { what, path: kind, error: error.message });
  return printed;
}

/** Left-aligned text columns, right-aligned figures, notes last and unpadded. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells
    .map((cell, i) => (i === cells.length - 1 ? cell : i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
    .join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function ok<T>(result: Outcome<T> | undefined): T | undefined {
  return result === undefined || result instanceof Error ? undefined : result;
}

function ratio(value: number, base: number): string {
  return `${(value / base).toFixed(2)}x`;
}

function ms(value: number): string {
  return value < 1 ? `${(value * 1000).toFixed(0)} us` : `${value.toFixed(2)} ms`;
}
