/**
 * The transport part of `make bench`: the same SDK client and the same stdio server, straight
 * and through each bridge, all in one run so every ratio compares figures taken side by side.
 * Latency (sequential tools/call), throughput (many clients at once) and warden's memory under a
 * long session. A path that cannot start is reported as failed and the rest still run.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { closeAll, connectMany, notesWorkspace, readNotes, type Connected } from './clients.js';
import { interleavedLatency, pipelined, throughput, type Latency } from './load.js';
import { startPath, type Bridge, type PathKind, type Setup } from './paths.js';
import { rssMiB } from './processes.js';
import { printTransportReport, type MemoryResult, type Outcome } from './transport-report.js';

const ROUND_TRIPS = 400;
const WARMUP = 50;
/**
 * Pipelined calls on each path before the latency turns: V8 tiers a bridge's per-message code up
 * over its first few thousand messages, and a bridge measured before that shows its JIT at work
 * (warden's, doing more per message, most of all). A long-running gateway is past it.
 */
const STEADY_WARMUP = 800;
/** The latency paths take turns this many times (ROUND_TRIPS / LATENCY_ROUNDS calls a turn). */
const LATENCY_ROUNDS = 10;
const CLIENTS = 64;
const CALLS_EACH = 20;
/** Issue 5's figure is 100,000 (BENCH_HTTP_MEMORY_CALLS=100000); the default keeps `make bench` under three minutes. */
const MEMORY_CALLS = Number(process.env['BENCH_HTTP_MEMORY_CALLS'] || 4_000);
const MEMORY_WARMUP = 1_000;
const IN_FLIGHT = 16;
const MEMORY_STEPS = 5;
/** Past this the memory run stops starting calls and reports the count it reached. */
const MEMORY_BUDGET_MS = 120_000;
/** Sessions opened at once when setting up the throughput run: each may spawn a server process. */
const OPEN_PARALLEL = 8;

const LATENCY_PATHS: PathKind[] = ['http-floor', 'http-listener', 'bridge-floor', 'direct', 'warden-stdio', 'supergateway-http', 'warden-http', 'warden-ws'];
/** Strict durability under concurrency is measured on stdio (64 in flight), where group commit is what differs. */
const THROUGHPUT_PATHS: PathKind[] = ['direct', 'http-floor', 'bridge-floor', 'supergateway-http', 'warden-http'];

export async function benchTransports(): Promise<void> {
  const began = Date.now();
  const load = loadavg()[0]!;
  const work = await mkdtemp(path.join(tmpdir(), 'mcp-warden-bench-transports-'));
  try {
    const setup = await prepare(work);
    const latencies = await sideBySide(setup);
    const rates = new Map<PathKind, Outcome<number>>();
    for (const kind of THROUGHPUT_PATHS) {
      rates.set(kind, await attempt(() => withBridge(kind, setup, manyClients)));
    }
    const memory = await attempt(() => withBridge('warden-http', setup, memoryGrowth));
    printTransportReport({
      latencies, rates, memory, load, seconds: (Date.now() - began) / 1000,
      settings: { roundTrips: ROUND_TRIPS, steadyWarmup: STEADY_WARMUP, warmup: WARMUP, latencyRounds: LATENCY_ROUNDS, clients: CLIENTS, callsEach: CALLS_EACH, memoryWarmup: MEMORY_WARMUP, inFlight: IN_FLIGHT },
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function prepare(work: string): Promise<Setup> {
  const workspace = await notesWorkspace(work);
  const home = path.join(work, 'home');
  await mkdir(home);
  return { work, workspace, home };
}

/** Every latency path started and connected at once, then measured in interleaved turns. */
async function sideBySide(setup: Setup): Promise<Map<PathKind, Outcome<Latency>>> {
  const opened = new Map<PathKind, Outcome<{ bridge: Bridge; connection: Connected }>>();
  try {
    // Opened all at once: a path's start is not measured, and eight in turn took 5 s.
    const started = await Promise.all(LATENCY_PATHS.map((kind) => attempt(() => openPath(kind, setup))));
    LATENCY_PATHS.forEach((kind, i) => opened.set(kind, started[i]!));
    const clients = new Map([...opened].flatMap(([kind, path]) => (path instanceof Error ? [] : [[kind, path.connection.client] as const])));
    // A path that fails here fails its first measured call too, which reports it.
    for (const client of clients.values()) await pipelined(client, STEADY_WARMUP, IN_FLIGHT, MEMORY_BUDGET_MS).catch(() => undefined);
    const measured = await interleavedLatency(clients, ROUND_TRIPS, WARMUP, LATENCY_ROUNDS);
    return new Map(LATENCY_PATHS.map((kind): [PathKind, Outcome<Latency>] => {
      const path = opened.get(kind)!;
      return [kind, path instanceof Error ? path : measured.get(kind)!];
    }));
  } finally {
    for (const path of opened.values()) {
      if (path instanceof Error) continue;
      await path.connection.close();
      await path.bridge.stop();
    }
  }
}

async function openPath(kind: PathKind, setup: Setup): Promise<{ bridge: Bridge; connection: Connected }> {
  const bridge = await startPath(kind, setup);
  try {
    return { bridge, connection: await bridge.open() };
  } catch (error) {
    await bridge.stop();
    throw error;
  }
}

async function withBridge<T>(kind: PathKind, setup: Setup, body: (bridge: Bridge) => Promise<T>): Promise<T> {
  const bridge = await startPath(kind, setup);
  try {
    return await body(bridge);
  } finally {
    await bridge.stop();
  }
}

async function oneClient<T>(bridge: Bridge, body: (connection: Connected) => Promise<T>): Promise<T> {
  const connection = await bridge.open();
  try {
    return await body(connection);
  } finally {
    await connection.close();
  }
}

/** CLIENTS sessions, each warmed up, then all calling at once. */
async function manyClients(bridge: Bridge): Promise<number> {
  const connections = await connectMany(CLIENTS, OPEN_PARALLEL, () => bridge.open());
  try {
    await Promise.all(connections.map((c) => readNotes(c.client)));
    return await throughput(connections.map((c) => c.client), CALLS_EACH);
  } finally {
    await closeAll(connections);
  }
}

/**
 * warden's RSS after a warm-up, then after each of MEMORY_STEPS equal parts of MEMORY_CALLS more
 * calls on the same session: a leak keeps climbing step after step, the heap settling does not.
 */
async function memoryGrowth(bridge: Bridge): Promise<MemoryResult> {
  const pid = bridge.pid;
  if (pid === undefined) throw new Error('no warden process to measure');
  const rss = (): number => {
    const mib = rssMiB(pid);
    if (mib === undefined) throw new Error(`no /proc/${pid}/status to read RSS from`);
    return mib;
  };
  const heap = async (): Promise<number> => {
    if (!bridge.heapUsed) throw new Error('no heap probe on this path');
    return (await bridge.heapUsed()) / (1024 * 1024);
  };
  return oneClient(bridge, async ({ client }) => {
    await pipelined(client, MEMORY_WARMUP, IN_FLIGHT, MEMORY_BUDGET_MS);
    const result: MemoryResult = { before: rss(), steps: [], heapBefore: await heap(), heapSteps: [], calls: 0, seconds: 0 };
    const stopAt = Date.now() + MEMORY_BUDGET_MS;
    for (let step = 1; step <= MEMORY_STEPS && Date.now() < stopAt; step++) {
      const part = await pipelined(client, (MEMORY_CALLS * step) / MEMORY_STEPS - result.calls, IN_FLIGHT, stopAt - Date.now());
      result.calls += part.calls;
      result.seconds += part.seconds;
      result.steps.push(rss());
      result.heapSteps.push(await heap());
    }
    return result;
  });
}

async function attempt<T>(body: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return await body();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
