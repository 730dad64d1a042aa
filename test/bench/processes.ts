/**
 * The network-facing processes the transport bench starts (warden with a listener, supergateway):
 * each is waited for with a deadline and stopped for sure, so a bench row can fail without the
 * run hanging or leaving processes behind. Also the reader of heap-probe.js's answers, which
 * the stdio bench's memory run uses as well.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const READY_TIMEOUT_MS = 15_000;
/** Answers SIGWINCH with the heap after a forced GC; idle otherwise, so it costs the measured paths nothing. */
export const HEAP_PROBE = fileURLToPath(new URL('./heap-probe.js', import.meta.url));
const STOP_GRACE_MS = 5_000;

export interface Running {
  readonly pid: number;
  /** The URL clients connect to. */
  readonly url: string;
  /** Live heap bytes after a forced GC, from a process started with heap-probe.js. */
  heapUsed(): Promise<number>;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  stop(): Promise<void>;
}

/**
 * Starts a process that announces its address on stderr as `listening on <url>` (warden run).
 * Rejects (with the process stopped) if the line does not come within READY_TIMEOUT_MS.
 */
export async function spawnAnnouncing(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines = createInterface({ input: child.stderr! });
  let last = '';
  const heapUsed = heapProbe(lines, () => child.kill('SIGWINCH'));
  try {
    const url = await deadline(new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        const found = /listening on (\S+)/.exec(line);
        if (found) resolve(found[1]!);
        else if (line.trim() && !line.startsWith('heap-probe')) last = line.trim();
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`exited (${signal ?? code}) before listening${last ? `: ${clip(last)}` : ''}`)));
    }), READY_TIMEOUT_MS, 'no "listening on" line');
    return { pid: child.pid!, url, heapUsed, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/**
 * Asks a process started with `--expose-gc --import HEAP_PROBE` for its live heap: `signal`
 * sends it SIGWINCH, and the answer is read from its stderr `lines`.
 */
export function heapProbe(lines: Interface, signal: () => void): () => Promise<number> {
  const probes: Array<(bytes: number) => void> = [];
  lines.on('line', (line) => {
    const heap = /^heap-probe (-?\d+)$/.exec(line);
    if (heap) probes.shift()?.(Number(heap[1]));
  });
  return () => {
    const answered = new Promise<number>((resolve) => probes.push(resolve));
    signal();
    return deadline(answered, 10_000, 'no heap-probe answer').then((bytes) => {
      if (bytes < 0) throw new Error('the process was not started with --expose-gc');
      return bytes;
    });
  };
}

/** Starts a process that prints nothing useful and is ready once `port` accepts connections (supergateway). */
export async function spawnOnPort(command: string, args: string[], env: NodeJS.ProcessEnv, port: number, url: string): Promise<Running> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
  try {
    let exited: Error | undefined;
    child.once('exit', (code, signal) => { exited = new Error(`exited (${signal ?? code}) before listening`); });
    child.once('error', (error) => { exited = error; });
    const until = Date.now() + READY_TIMEOUT_MS;
    while (!(await accepts(port))) {
      if (exited) throw exited;
      if (Date.now() > until) throw new Error(`port ${port} not accepting within ${READY_TIMEOUT_MS / 1000} s`);
      await sleep(50);
    }
    return running(child, url);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** A port free right now on 127.0.0.1, for tools that cannot be told to pick one themselves. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resident set size in MiB from /proc (Linux), or undefined where there is none. */
export function rssMiB(pid: number): number | undefined {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU per call in microseconds between two cpuMs readings over `calls` calls; undefined when either is missing. */
export function cpuPerCallUs(before: number | undefined, after: number | undefined, calls: number): number | undefined {
  return before === undefined || after === undefined ? undefined : ((after - before) * 1000) / calls;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); undefined elsewhere. */
export function cpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** USER_HZ: the unit of /proc/<pid>/stat times; 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS = 100;

/** Rejects with `what` after `ms` unless `promise` settles first; the timer never outlives it. */
export async function deadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function running(child: ChildProcess, url: string): Running {
  const heapUsed = (): Promise<number> => Promise.reject(new Error('no heap probe in this process'));
  return { pid: child.pid!, url, heapUsed, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const grace = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(grace);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function clip(text: string): string {
  return text.length > 160 ? `${text.slice(0, 160)}...` : text;
}
