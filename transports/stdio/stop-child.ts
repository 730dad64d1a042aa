/**
 * Stopping an upstream server politely, then firmly: end its stdin (the stdio way of saying
 * "session over"), give it time to exit, then SIGTERM, then SIGKILL. A server that ignores
 * EOF or traps SIGTERM still cannot outlive the transport.
 */
import type { ChildProcess } from 'node:child_process';

export interface StopTiming {
  /** How long the child may take to exit after its stdin ends, before SIGTERM. */
  readonly gracefulExitMs: number;
  /** How long it may take after SIGTERM, before SIGKILL. */
  readonly terminateExitMs: number;
}

/** Resolves once the child has exited; `exited` must settle on the child's 'exit' event. */
export async function stopChild(child: ChildProcess, exited: Promise<void>, timing: StopTiming): Promise<void> {
  child.stdin?.end();
  if (await settlesWithin(exited, timing.gracefulExitMs)) return;
  child.kill('SIGTERM');
  if (await settlesWithin(exited, timing.terminateExitMs)) return;
  child.kill('SIGKILL');
  await exited;
}

async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
