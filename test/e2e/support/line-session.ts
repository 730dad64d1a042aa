/**
 * A client that writes raw lines to `warden run` over stdio and reads its answers line by line:
 * for what an SDK client would never send (exact integers, malformed frames).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { WARDEN } from './repo.js';
import type { Sandbox } from './sandbox.js';

const ANSWER_MS = 10_000;

/** A line left unanswered fails the test instead of hanging it. */
export async function within<T>(ms: number, promise: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface LineSession {
  ask(line: string): Promise<string>;
  /** Ends the session; resolves with warden's stderr once it exited. */
  end(): Promise<string>;
}

/** Starts `warden run` with `args` after its journal flag and initializes the session. */
export async function openLineSession(box: Sandbox, args: string[]): Promise<LineSession> {
  const warden = spawn(process.execPath, [WARDEN, 'run', '--journal', box.journal, ...args], { env: box.env });
  let stderr = '';
  warden.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  const lines = createInterface({ input: warden.stdout })[Symbol.asyncIterator]();
  const exited = new Promise((resolve) => warden.once('exit', resolve));
  const session: LineSession = {
    ask: async (line) => {
      warden.stdin.write(`${line}\n`);
      return within(ANSWER_MS, lines.next(), `no answer to ${line}`).then((next) => next.value as string);
    },
    end: async () => {
      warden.stdin.end();
      const timer = setTimeout(() => warden.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      return stderr;
    },
  };
  await session.ask('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}');
  warden.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
  return session;
}
