/**
 * Fault injection through the built CLI, with a stdio server that writes down everything it
 * receives: the journal's disk fills up mid-session, the journal directory is read-only, the
 * upstream never answers. Warden must fail closed: nothing reaches the server undecided or
 * unjournaled, and a client is answered rather than left waiting. The filesystem faults need
 * root (loop and tmpfs mounts); elsewhere they skip and print why.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unquarantinedData } from '../e2e/support/sandbox.js';
import { SHIPPED_POLICIES } from '../e2e/support/repo.js';
import { loopExt4, tmpfs, type Mounted } from './support/mounts.js';
import { handshake, initializeRequest, startWarden, type Reply, type WardenProcess } from './support/warden-process.js';

const RECORDING_SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support/recording-server.js');
const JOURNAL_FAILED = /audit journal unavailable/;

const call = (id: string): object => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'read_file', arguments: { path: id } } });

function run(home: string, journal: string, serverArgs: string[], extra: string[] = []): WardenProcess {
  const args = ['--sandbox', 'none', '--policies', SHIPPED_POLICIES, '--data', unquarantinedData(), '--journal', journal, ...extra, '--', process.execPath, RECORDING_SERVER, ...serverArgs];
  return startWarden(args, home);
}

/** What the server received, parsed. */
function recorded(file: string): Array<{ id?: number | string; method?: string; params?: { requestId?: unknown; arguments?: { path?: string } } }> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as ReturnType<typeof recorded>[number]);
}

/** The journal's complete lines: a line a full disk tore is not a journaled decision. */
function journaled(dir: string): Array<Record<string, unknown>> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().flatMap((f) => {
    const lines = readFileSync(path.join(dir, f), 'utf8').split('\n').slice(0, -1);
    return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  });
}

/** Writes a file until the filesystem refuses a single byte more. */
function fill(dir: string): void {
  const fd = openSync(path.join(dir, 'filler'), 'w');
  try {
    for (const size of [65_536, 4096, 512, 1]) {
      const buffer = Buffer.alloc(size, 0x61);
      try {
        for (;;) writeSync(fd, buffer);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

async function exitWithin(warden: WardenProcess, ms: number): Promise<number | null | 'running'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'running'>((resolve) => { timer = setTimeout(() => resolve('running'), ms); });
  const code = await Promise.race([warden.exited, timeout]);
  clearTimeout(timer);
  if (code === 'running') {
    warden.kill('SIGKILL');
    await warden.exited;
  }
  return code;
}

async function withMount(mount: Mounted | { skip: string }, name: string, body: (dir: string, home: string) => Promise<void>): Promise<void> {
  if ('skip' in mount) {
    console.log(`faults: skipping "${name}": ${mount.skip}`);
    return;
  }
  const home = await mkdtemp(path.join(tmpdir(), 'warden-fault-'));
  try {
    await body(mount.dir, home);
  } finally {
    await mount.unmount();
    await rm(home, { recursive: true, force: true });
  }
}

test('journal disk full mid-session: warden stops fail-closed, exit 1, the server saw only journaled calls', async () => {
  await withMount(await loopExt4(2), 'disk full', async (dir, home) => {
    const journal = path.join(dir, 'journal');
    const record = path.join(home, 'record.jsonl');
    const warden = run(home, journal, [record]);
    await handshake(warden, 'init');
    warden.send(call('before'));
    assert.ok((await warden.reply('before')).result, 'a call before the disk fills');
    fill(dir);
    const ids = Array.from({ length: 40 }, (_, i) => `full-${i}`);
    for (const id of ids) warden.send(call(id));
    assert.is(await exitWithin(warden, 20_000), 1, `exit code on a full journal disk:\n${warden.stderr()}`);
    assert.match(warden.stderr(), /journal failed, stopped \(fail closed\)/);

    const replies = new Map(warden.replies.filter((r) => typeof r.id === 'string').map((r): [string, Reply] => [r.id as string, r]));
    const failed = ids.filter((id) => replies.get(id)?.error);
    assert.ok(failed.length > 0, 'no call was refused although the journal failed');
    for (const id of failed) assert.match(replies.get(id)!.error!.message, JOURNAL_FAILED, `${id}: refused for another reason`);
    const entries = journaled(journal);
    const forwarded = new Set(entries.filter((e) => e.kind === 'decision' && e.direction === 'client_to_server' && e.action === 'forward').map((e) => e.request_id));
    for (const id of ids.filter((i) => replies.get(i)?.result)) assert.ok(forwarded.has(id), `${id} answered without a journaled decision`);
    const reached = recorded(record).filter((m) => m.method === 'tools/call').map((m) => m.params?.arguments?.path);
    for (const id of reached) assert.ok(forwarded.has(id), `the server got ${String(id)}, whose decision is not in the journal`);
    assert.equal(ids.filter((i) => !replies.has(i)), [], 'every call sent before the exit got exactly one reply');
  });
});

test('journal directory on a read-only filesystem: warden refuses to start (exit 1) and starts no server', async () => {
  await withMount(await tmpfs('ro,size=1m'), 'read-only journal', async (dir, home) => {
    const record = path.join(home, 'record.jsonl');
    const warden = run(home, path.join(dir, 'journal'), [record]);
    warden.send(initializeRequest('init'));
    assert.is(await exitWithin(warden, 20_000), 1, `exit code on a read-only journal:\n${warden.stderr()}`);
    assert.not.ok(warden.replies.some((r) => r.result !== undefined), 'a request was answered by the server');
    assert.equal(recorded(record), [], 'the server received messages');
  });
});

test('upstream hang: --request-timeout 1 answers the client -32001 and cancels the call upstream', async () => {
  const home = await mkdtemp(path.join(tmpdir(), 'warden-fault-'));
  try {
    const record = path.join(home, 'record.jsonl');
    const warden = run(home, path.join(home, 'journal'), [record, 'hang'], ['--request-timeout', '1']);
    await handshake(warden, 'init');
    const started = Date.now();
    warden.send(call('hangs'));
    const reply = await warden.reply('hangs', 10_000);
    assert.is(reply.error?.code, -32001, `reply: ${JSON.stringify(reply)}`);
    assert.ok(Date.now() - started < 5_000, 'the timeout took far longer than 1 s');
    const deadline = Date.now() + 5_000;
    let seen = recorded(record);
    while (!seen.some((m) => m.method === 'notifications/cancelled') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = recorded(record);
    }
    const upstreamCall = seen.find((m) => m.method === 'tools/call');
    const cancelled = seen.find((m) => m.method === 'notifications/cancelled');
    assert.ok(upstreamCall && cancelled, `the server got: ${seen.map((m) => m.method).join(', ')}`);
    assert.is(cancelled!.params?.requestId, upstreamCall!.id, 'the cancellation names the call the server got');
    warden.endInput();
    assert.is(await exitWithin(warden, 15_000), 0, warden.stderr());
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test.run();
