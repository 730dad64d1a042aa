/**
 * The per-message targets of issue 10, stdio to stdio, each as a ratio to direct measured in the
 * same run: added p50 latency and warden's CPU per round trip (sequential calls), throughput with
 * 64 calls in flight on one session and with 8 sessions at once, and warden's RSS over a long
 * pipelined run. `bench.js stdio` runs this section alone; BENCH_MEMORY_CALLS sets the length of
 * the memory run (the issue's figure is 1,000,000; the default is shorter so `make bench` stays short).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHIPPED_POLICIES, WARDEN } from '../e2e/support/repo.js';
import { benchServer } from './bench-server.js';
import { unquarantinedData } from '../e2e/support/sandbox.js';
import { closeAll, heapProbed, notesWorkspace, readNotes, stdioClient, type Connected } from './clients.js';
import { pipelined, throughput } from './load.js';
import { cpuMs, cpuPerCallUs, rssMiB } from './processes.js';
import { percentile, sample } from './stats.js';
import { cpuUsText, ratioOf, recordResult, tenths, us as microseconds, usText } from './results.js';

const WARDEN_BIN = process.env['WARDEN_BIN'] || WARDEN;
const SEQUENTIAL = 2000;
/**
 * Warm-up before the sequential sample, pipelined then sequential: V8 tiers warden's per-message
 * code up over the first few thousand messages. After 200 sequential and 3,000 pipelined calls,
 * V8's log (--log-code) still showed the optimizing compiler at work through the sample, about 150
 * functions a second (the message planner, the JSON framing, the policy's rule functions), and
 * warden's CPU per round trip fell from 440 to 365 us from that sample to the next. A
 * long-running proxy is past that; a session's first calls are timed on their own (FIRST_CALLS).
 */
const STEADY_WARMUP = 3000;
const WARMUP = 1000;
/**
 * A session's first calls, timed before any warm-up: what an agent session of a few dozen tool
 * calls pays, with every function of the message path compiled on first use and run unoptimized.
 */
const FIRST_CALLS = 100;
const IN_FLIGHT = 64;
const PIPELINED_CALLS = 4_000;
const SESSIONS = 8;
const CALLS_PER_SESSION = 150;
/** Each session's own warm-up: every warden session is a process of its own, with its own JIT to warm. */
const SESSION_WARMUP = 50;
/** Starts timed per path, one after another: spawn to initialize answered (median). */
const STARTS = 3;
const MEMORY_CALLS = Number(process.env['BENCH_MEMORY_CALLS'] || 10_000);
const BUDGET_MS = 600_000;

/** `relay`: a byte relay with nothing in it (stdio-relay.ts), the floor of any proxy process in between. */
export type Kind = 'direct' | 'relay' | 'strict' | 'batched';
const KINDS: Kind[] = ['direct', 'relay', 'strict', 'batched'];
const RELAY = fileURLToPath(new URL('./stdio-relay.js', import.meta.url));

interface Measured {
  p50: number;
  p99: number;
  /** warden's CPU (user + system) per sequential round trip, in microseconds. */
  cpuSequential?: number;
  /** The same over a new session's FIRST_CALLS first calls, and their p50. */
  cpuFirstCalls?: number;
  p50FirstCalls: number;
  pipelined: number;
  cpuPipelined?: number;
  /** Absent for strict: warden's start and its sessions differ from batched's only in the syncs. */
  sessions?: number;
  /** Spawn to initialize answered, ms (median of STARTS). */
  startMs?: number;
  /** The same, for the start before them, with warden's compile cache emptied: a first start after an install or a policy edit. */
  firstStartMs?: number;
}

export async function benchStdioTargets(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'mcp-warden-bench-stdio-'));
  try {
    const workspace = await notesWorkspace(work);
    const open = (kind: Kind): Promise<Connected> => connect(kind, work, workspace);
    const forgetCompiled = (): Promise<void> => rm(path.join(work, 'home', 'cache'), { recursive: true, force: true });
    const results = new Map<Kind, Measured>();
    for (const kind of KINDS) results.set(kind, await measure(() => open(kind), kind !== 'strict', forgetCompiled));
    report(results);
    await memory(() => connect(process.env['BENCH_DURABILITY'] === 'strict' ? 'strict' : 'batched', work, workspace, true));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `probed`: warden runs with the heap probe (connection.heapUsed). */
export async function connect(kind: Kind, work: string, workspace: string, probed = false): Promise<Connected> {
  if (kind === 'direct') return stdioClient(process.execPath, [...benchServer(), workspace], {});
  if (kind === 'relay') return stdioClient(process.execPath, [RELAY, process.execPath, ...benchServer(), workspace], {});
  const journal = await mkdtemp(path.join(work, 'journal-'));
  // The bench calls tools nobody approved: the shipped policy with its quarantine off.
  const args = ['run', '--policies', SHIPPED_POLICIES, '--data', unquarantinedData(), '--journal', journal, '--durability', kind, '--', process.execPath, ...benchServer(), workspace];
  const env = { MCP_WARDEN_HOME: path.join(work, 'home') };
  return probed ? heapProbed(WARDEN_BIN, args, env) : stdioClient(process.execPath, [WARDEN_BIN, ...args], env);
}

/** `perProcess`: also the start times and the 8 sessions, each a process of its own. */
async function measure(open: () => Promise<Connected>, perProcess: boolean, forgetCompiled: () => Promise<void>): Promise<Measured> {
  const starts = perProcess ? await startTimes(open, forgetCompiled) : undefined;
  const one = await open();
  try {
    const { client, pid } = one;
    const early = cpuMs(pid);
    const firstTimes = await sample(FIRST_CALLS, 0, () => readNotes(client));
    const cpuFirstCalls = cpuPerCallUs(early, cpuMs(pid), FIRST_CALLS);
    await pipelined(client, STEADY_WARMUP, IN_FLIGHT, BUDGET_MS);
    await sample(0, WARMUP, () => readNotes(client));
    const before = cpuMs(pid);
    const times = await sample(SEQUENTIAL, 0, () => readNotes(client));
    const after = cpuMs(pid);
    const startPipe = cpuMs(pid);
    const run = await pipelined(client, PIPELINED_CALLS, IN_FLIGHT, BUDGET_MS);
    const endPipe = cpuMs(pid);
    return {
      p50: percentile(times, 50), p99: percentile(times, 99),
      cpuSequential: cpuPerCallUs(before, after, SEQUENTIAL),
      cpuFirstCalls, p50FirstCalls: percentile(firstTimes, 50),
      pipelined: run.calls / run.seconds, cpuPipelined: cpuPerCallUs(startPipe, endPipe, run.calls),
      ...(starts ? { sessions: await manySessions(open), ...starts } : {}),
    };
  } finally {
    await one.close();
  }
}

/** What a client waits for before its first call: the process (and its upstream) started and initialized. */
async function startTimes(open: () => Promise<Connected>, forgetCompiled: () => Promise<void>): Promise<Pick<Measured, 'startMs' | 'firstStartMs'>> {
  await forgetCompiled();
  const firstStartMs = await startTime(open);
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) times.push(await startTime(open));
  return { startMs: percentile(times, 50), firstStartMs };
}

async function startTime(open: () => Promise<Connected>): Promise<number> {
  const began = performance.now();
  const connection = await open();
  const elapsed = performance.now() - began;
  await connection.close();
  return elapsed;
}

async function manySessions(open: () => Promise<Connected>): Promise<number> {
  const connections = await Promise.all(Array.from({ length: SESSIONS }, open));
  try {
    await Promise.all(connections.map((c) => sample(0, SESSION_WARMUP, () => readNotes(c.client))));
    return await throughput(connections.map((c) => c.client), CALLS_PER_SESSION);
  } finally {
    await closeAll(connections);
  }
}

/**
 * warden's RSS and live heap (after a forced GC) after a warm-up and after each fifth of
 * MEMORY_CALLS pipelined calls. RSS follows how much heap V8 keeps reserved: it climbs until
 * V8's first full collection, which a run of 10,000 calls may not reach, and flattens after.
 * The live heap grows only if something is kept. RSS is read before each probe's forced GC.
 */
async function memory(open: () => Promise<Connected>): Promise<void> {
  const { client, pid, heapUsed, close } = await open();
  try {
    if (pid === undefined || !heapUsed) throw new Error('no warden pid or heap probe');
    const mib = async (): Promise<[number | undefined, number]> => [rssMiB(pid), (await heapUsed()) / 2 ** 20];
    await pipelined(client, STEADY_WARMUP, IN_FLIGHT, BUDGET_MS);
    const readings = [await mib()];
    let calls = 0;
    let seconds = 0;
    for (let step = 1; step <= 5; step++) {
      const part = await pipelined(client, MEMORY_CALLS / 5, IN_FLIGHT, BUDGET_MS);
      calls += part.calls;
      seconds += part.seconds;
      readings.push(await mib());
    }
    const [[rssStart, heapStart], [rssEnd, heapEnd]] = [readings[0]!, readings.at(-1)!];
    recordResult('stdio', {
      what: 'warden rss over pipelined calls', calls, calls_per_s: Math.round(calls / seconds), rss_start_mib: tenths(rssStart), rss_end_mib: tenths(rssEnd),
      heap_start_mib: tenths(heapStart), heap_end_mib: tenths(heapEnd),
    });
    const list = (pick: (r: [number | undefined, number]) => number | undefined, digits: number): string => readings.map((r) => pick(r)?.toFixed(digits) ?? 'n/a').join(', ');
    process.stdout.write(`\nwarden stdio memory over ${calls} pipelined calls (${(calls / seconds).toFixed(0)} calls/s; BENCH_MEMORY_CALLS sets the count), at the start and after each fifth:\n`
      + `  live heap after forced GC: ${list((r) => r[1], 2)} MiB\n  RSS (V8's reserved heap; rises until its first full collection): ${list((r) => r[0], 1)} MiB\n`);
  } finally {
    await close();
  }
}

function msText(ms: number | undefined): string {
  return ms === undefined ? '-' : `${ms.toFixed(0)} ms`;
}

function label(kind: Kind): string {
  if (kind === 'direct') return 'direct';
  return kind === 'relay' ? 'relay floor' : `warden ${kind}`;
}

function report(results: Map<Kind, Measured>): void {
  const direct = results.get('direct')!;
  const lines = [
    '',
    `stdio->stdio, read_file: ${SEQUENTIAL} sequential calls after ${STEADY_WARMUP} pipelined and ${WARMUP} sequential warm-up calls; ${PIPELINED_CALLS} calls with ${IN_FLIGHT} in flight on one session; ${SESSIONS} sessions x ${CALLS_PER_SESSION} sequential calls`,
    `${'path'.padEnd(16)} ${'p50'.padStart(8)} ${'+p50'.padStart(8)} ${'p99'.padStart(8)} ${'cpu/rt'.padStart(8)} ${`1st ${FIRST_CALLS} p50`.padStart(12)} ${'cpu/rt'.padStart(8)} ${`${IN_FLIGHT} in flight`.padStart(16)} ${'cpu/call'.padStart(8)} ${`${SESSIONS} sessions`.padStart(16)} ${'start'.padStart(8)} ${'first'.padStart(8)}`,
  ];
  const directSessions = direct.sessions ?? NaN;
  for (const [kind, m] of results) {
    const ratio = (v: number, base: number): string => (kind === 'direct' ? '' : ` ${(v / base).toFixed(2)}x`);
    const versus = (v: number, base: number): number | null => (kind === 'direct' ? null : ratioOf(v, base));
    recordResult('stdio', {
      path: label(kind), p50_us: microseconds(m.p50), added_p50_us: kind === 'direct' ? null : microseconds(m.p50 - direct.p50), p99_us: microseconds(m.p99),
      cpu_per_round_trip_us: tenths(m.cpuSequential), [`in_flight_${IN_FLIGHT}_calls_per_s`]: Math.round(m.pipelined), [`in_flight_${IN_FLIGHT}_vs_direct`]: versus(m.pipelined, direct.pipelined),
      cpu_per_pipelined_call_us: tenths(m.cpuPipelined), [`sessions_${SESSIONS}_calls_per_s`]: m.sessions === undefined ? null : Math.round(m.sessions),
      [`sessions_${SESSIONS}_vs_direct`]: m.sessions === undefined ? null : versus(m.sessions, directSessions), start_ms: tenths(m.startMs),
      first_start_ms: tenths(m.firstStartMs), [`first_${FIRST_CALLS}_p50_us`]: microseconds(m.p50FirstCalls), [`first_${FIRST_CALLS}_cpu_per_round_trip_us`]: tenths(m.cpuFirstCalls),
    });
    lines.push(`${label(kind).padEnd(16)} ${usText(m.p50).padStart(8)} ${(kind === 'direct' ? '' : usText(m.p50 - direct.p50)).padStart(8)} ${usText(m.p99).padStart(8)} `
      + `${cpuUsText(m.cpuSequential).padStart(8)} ${usText(m.p50FirstCalls).padStart(12)} ${cpuUsText(m.cpuFirstCalls).padStart(8)} ${`${m.pipelined.toFixed(0)}/s${ratio(m.pipelined, direct.pipelined)}`.padStart(16)} ${cpuUsText(m.cpuPipelined).padStart(8)} `
      + `${(m.sessions === undefined ? '-' : `${m.sessions.toFixed(0)}/s${ratio(m.sessions, directSessions)}`).padStart(16)} ${msText(m.startMs).padStart(8)} ${msText(m.firstStartMs).padStart(8)}`);
  }
  lines.push(`cpu columns: user+system CPU of warden per call (for direct: of the server; for the relay floor: of the relay); +p50: p50 minus direct p50; 1st ${FIRST_CALLS}: a new session's first calls, before any warm-up; start: spawn to initialize answered, median of ${STARTS}; first: the start before them, with warden's compile cache emptied; strict's sessions and start are batched's but for the syncs, and not measured`);
  const relay = results.get('relay');
  const batched = results.get('batched');
  if (relay && batched && relay.cpuSequential !== undefined && batched.cpuSequential !== undefined) {
    recordResult('stdio', { what: 'warden batched over the relay floor', added_p50_us: microseconds(batched.p50 - relay.p50), cpu_per_round_trip_us: tenths(batched.cpuSequential - relay.cpuSequential) });
    lines.push(`relay floor: a Node process copying bytes, no parsing; warden batched over it: +${usText(batched.p50 - relay.p50)} p50, +${cpuUsText(batched.cpuSequential - relay.cpuSequential)} cpu/rt`);
  }
  lines.push('targets: +p50 <= 150 us (default durability), warden cpu/rt <= 150 us, throughput >= 0.70x direct');
  process.stdout.write(`${lines.join('\n')}\n`);
}
