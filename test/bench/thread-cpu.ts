/**
 * CPU time of the calling thread, from Linux's /proc/thread-self/schedstat (nanoseconds on the
 * CPU). On a machine shared with other work, wall-clock time also counts the waits for a core
 * and the V8 threads that optimize and collect in the background; this is the thread's own work.
 */
import { readFileSync } from 'node:fs';

/** Milliseconds; undefined where the kernel does not provide it. */
export function threadCpuMs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}
