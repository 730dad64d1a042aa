/**
 * `warden run` (the built CLI) driven over raw stdio JSON-RPC, as a client that pipelines
 * would drive it: every line warden writes is parsed and kept, so a test can tell exactly
 * which requests were answered before warden died.
 */
import { spawn, spawnSync } from 'node:child_process';
import { WARDEN } from '../../e2e/support/repo.js';

export interface Reply {
  id?: string | number | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
  method?: string;
}

export interface WardenProcess {
  /** Every complete line warden wrote to stdout, parsed, in order. */
  readonly replies: Reply[];
  send(message: object): void;
  /** Closes warden's stdin: the stdio client ends the session. */
  endInput(): void;
  /** Resolves with the first reply with this id; rejects after `timeoutMs` or when warden exits first. */
  reply(id: string | number, timeoutMs?: number): Promise<Reply>;
  /** Called with each reply as it arrives (after it is recorded). */
  onReply(listener: (reply: Reply) => void): void;
  kill(signal: NodeJS.Signals): void;
  /** Exit code (null after a signal), once stdout is fully read. */
  readonly exited: Promise<number | null>;
  stderr(): string;
}

export function startWarden(args: readonly string[], home: string): WardenProcess {
  const child = spawn(process.execPath, [WARDEN, 'run', ...args], {
    env: { PATH: process.env.PATH ?? '', MCP_WARDEN_HOME: home },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const replies: Reply[] = [];
  const listeners: Array<(reply: Reply) => void> = [];
  let stderr = '';
  let pending = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  // A write racing warden's death is expected in these tests: the reply set says what got through.
  child.stdin!.on('error', () => undefined);
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (line.trim() === '') continue;
      const reply = JSON.parse(line) as Reply;
      replies.push(reply);
      for (const listener of listeners) listener(reply);
    }
  });
  const stdoutDone = new Promise<void>((resolve) => child.stdout!.once('close', () => resolve()));
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const exited = Promise.all([exitCode, stdoutDone]).then(([code]) => code);
  return {
    replies,
    send: (message) => {
      if (child.stdin!.writable) child.stdin!.write(`${JSON.stringify(message)}\n`);
    },
    endInput: () => child.stdin!.end(),
    reply: (id, timeoutMs = 15_000) => waitForReply(replies, listeners, exited, id, timeoutMs, () => stderr),
    onReply: (listener) => listeners.push(listener),
    kill: (signal) => child.kill(signal),
    exited,
    stderr: () => stderr,
  };
}

function waitForReply(
  replies: Reply[],
  listeners: Array<(reply: Reply) => void>,
  exited: Promise<number | null>,
  id: string | number,
  timeoutMs: number,
  stderr: () => string,
): Promise<Reply> {
  const found = replies.find((r) => r.id === id && r.method === undefined);
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply to ${id} within ${timeoutMs} ms\n${stderr()}`)), timeoutMs);
    listeners.push((reply) => {
      if (reply.id !== id || reply.method !== undefined) return;
      clearTimeout(timer);
      resolve(reply);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`warden exited (${code}) before replying to ${id}\n${stderr()}`));
    });
  });
}

export const initializeRequest = (id: string | number): object => ({
  jsonrpc: '2.0', id, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'security-campaign', version: '0' } },
});

/** initialize, notifications/initialized, then tools/list; throws when warden does not answer. */
export async function handshake(warden: WardenProcess, id: string | number): Promise<void> {
  warden.send(initializeRequest(id));
  const reply = await warden.reply(id);
  if (!reply.result) throw new Error(`initialize failed: ${JSON.stringify(reply.error)}\n${warden.stderr()}`);
  warden.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  // As a client does before calling: warden checks arguments against the listed schemas only.
  const tools = `${id}-tools`;
  warden.send({ jsonrpc: '2.0', id: tools, method: 'tools/list' });
  const listed = await warden.reply(tools);
  if (!listed.result) throw new Error(`tools/list failed: ${JSON.stringify(listed.error)}\n${warden.stderr()}`);
}

/** `warden verify --public-key KEY DIR`: exit status and stdout. */
export function verify(journal: string, key: string, home: string): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [WARDEN, 'verify', '--public-key', key, journal], {
    env: { PATH: process.env.PATH ?? '', MCP_WARDEN_HOME: home },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout };
}
