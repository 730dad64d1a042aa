/**
 * The three loads the transport bench puts on a path: sequential calls for latency, many clients
 * in parallel for throughput, and one session kept busy with several calls in flight for memory.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { readNotes } from './clients.js';
import { percentile, sample } from './stats.js';

export interface Latency {
  p50: number;
  p99: number;
}

/**
 * The latency of several paths measured side by side: each client is warmed up, then `rounds`
 * turns each take `runs / rounds` timed sequential calls from every client in turn (the first
 * client of a turn rotating). Load from the rest of the machine that comes and goes then weighs
 * on every path alike, not on whichever ran at that moment. A client that fails is reported as
 * its error and left out of the later turns.
 */
export async function interleavedLatency<K>(clients: ReadonlyMap<K, Client>, runs: number, warmup: number, rounds: number): Promise<Map<K, Latency | Error>> {
  const times = new Map<K, number[]>();
  const failed = new Map<K, Error>();
  const guarded = async (key: K, body: () => Promise<void>): Promise<void> => {
    if (failed.has(key)) return;
    try {
      await body();
    } catch (error) {
      failed.set(key, error instanceof Error ? error : new Error(String(error)));
    }
  };
  for (const [key, client] of clients) {
    times.set(key, []);
    await guarded(key, async () => {
      for (let i = 0; i < warmup; i++) await readNotes(client);
    });
  }
  const keys = [...clients.keys()];
  const perRound = Math.ceil(runs / rounds);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(round + i) % keys.length]!;
      await guarded(key, async () => {
        times.get(key)!.push(...await sample(perRound, 0, () => readNotes(clients.get(key)!)));
      });
    }
  }
  return new Map(keys.map((key): [K, Latency | Error] => {
    const error = failed.get(key);
    if (error) return [key, error];
    const all = times.get(key)!;
    return [key, { p50: percentile(all, 50), p99: percentile(all, 99) }];
  }));
}

/** Every client makes `callsEach` sequential calls, all clients at once; returns calls per second. */
export async function throughput(clients: readonly Client[], callsEach: number): Promise<number> {
  const start = process.hrtime.bigint();
  await Promise.all(clients.map(async (client) => {
    for (let i = 0; i < callsEach; i++) await readNotes(client);
  }));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return (clients.length * callsEach) / seconds;
}

export interface Pipelined {
  /** Calls completed (fewer than asked only if the time budget ran out). */
  calls: number;
  seconds: number;
}

/**
 * Up to `total` calls on one client with `inFlight` outstanding at any time. Stops starting new
 * calls once `budgetMs` has passed, so a slow path reports how far it got instead of hanging.
 */
export async function pipelined(client: Client, total: number, inFlight: number, budgetMs: number): Promise<Pipelined> {
  const start = process.hrtime.bigint();
  const stopAt = Date.now() + budgetMs;
  let started = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (started < total && Date.now() < stopAt) {
      started++;
      await readNotes(client);
      done++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { calls: done, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
