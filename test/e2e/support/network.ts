/**
 * Runs `warden run` with network listeners as an operator would, and waits for the
 * "listening on URL" lines it prints to stderr; also starts server-everything over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, WARDEN } from './repo.js';

export const EVERYTHING = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
export const EVERYTHING_POLICY = path.join(path.dirname(WARDEN), '../test/e2e/fixtures/everything');

export interface RunningWarden {
  readonly urls: string[];
  readonly journal: string;
  readonly home: string;
  stderr(): string;
  /** SIGTERM, then waits for the exit code; the journal stays for inspection. Idempotent. */
  stop(): Promise<number | null>;
  /** Stops and removes the warden home (journal, key). */
  remove(): Promise<void>;
}

export async function startWarden(args: string[], listeners: number): Promise<RunningWarden> {
  const home = await mkdtemp(path.join(tmpdir(), 'warden-net-'));
  const journal = path.join(home, 'journal');
  const child = spawn(process.execPath, [WARDEN, 'run', '--policies', EVERYTHING_POLICY, '--journal', journal, ...args], {
    env: { PATH: process.env.PATH ?? '', MCP_WARDEN_HOME: home },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const urls = await waitFor(child, () => {
    const found = [...stderr.matchAll(/listening on (\S+)/g)].map((m) => m[1]!);
    return found.length >= listeners ? found : undefined;
  }, () => stderr);
  return {
    urls,
    journal,
    home,
    stderr: () => stderr,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
    remove: async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** server-everything's Streamable HTTP (or legacy SSE) mode on a free port; resolves with its base URL. */
export async function startEverythingHttp(mode: 'streamableHttp' | 'sse'): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING, mode], { env: { PATH: process.env.PATH ?? '', PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => { output += chunk.toString('utf8'); };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  await waitFor(child, () => (output.includes(String(port)) ? true : undefined), () => output);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitFor<T>(child: ChildProcess, found: () => T | undefined, output: () => string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = found();
    if (value !== undefined) return value;
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`not ready within ${timeoutMs} ms:\n${output()}`);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
