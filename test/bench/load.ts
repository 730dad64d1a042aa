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

export async function latency(client: Client, runs: number, warmup: number): Promise<Latency> {
  const times = await sample(runs, warmup, () => readNotes(client));
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
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
