/**
 * Crash under load: a client pipelines tools/call through `warden run` at the example
 * workspace server, and warden is SIGKILLed mid-load, three times over the same journal.
 * The durability is the default (batched): an entry is written to the file before warden acts
 * on it, and a crash of warden (not of the machine) loses nothing the kernel holds, so every
 * reply the client got must have both its decisions journaled; every restart must open the
 * journal (recovering what the crash left), and `warden verify` with the pinned key must never
 * report tampering.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readEntries, type JournalEntry } from '../../examples/demo/journal-summary.js';
import { unquarantinedData } from '../e2e/support/sandbox.js';
import { SHIPPED_POLICIES, WORKSPACE_SERVER } from '../e2e/support/repo.js';
import { handshake, startWarden, verify, type WardenProcess } from './support/warden-process.js';

const CRASHES = 3;
const IN_FLIGHT = 32;

interface Scratch { dir: string; home: string; journal: string; workspace: string }

async function scratch(): Promise<Scratch> {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-crash-'));
  const workspace = path.join(dir, 'workspace');
  await mkdir(workspace);
  await writeFile(path.join(workspace, 'notes.txt'), 'first line\n');
  return { dir, home: path.join(dir, 'home'), journal: path.join(dir, 'journal'), workspace };
}

/** --sandbox none: the crash is warden's; bubblewrap would only add start-up time here. */
function run(s: Scratch): WardenProcess {
  const args = ['--sandbox', 'none', '--policies', SHIPPED_POLICIES, '--data', unquarantinedData(), '--journal', s.journal, '--', process.execPath, WORKSPACE_SERVER, s.workspace];
  return startWarden(args, s.home);
}

/** A call of the load, not one of the handshake's requests (`c<cycle>-init`, `c<cycle>-init-tools`). */
const isCall = (id: unknown, cycle: number): boolean => typeof id === 'string' && new RegExp(`^c${cycle}-\\d+$`).test(id);

const call = (id: string): object => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'read_file', arguments: { path: 'notes.txt' } } });

/**
 * Keeps IN_FLIGHT calls outstanding and SIGKILLs warden from inside the handler of the
 * `killAfter`th reply, so calls are in flight at the kill. Returns the ids answered with a result.
 */
async function loadAndKill(warden: WardenProcess, cycle: number, killAfter: number): Promise<string[]> {
  let sent = 0;
  let answered = 0;
  const next = (): void => warden.send(call(`c${cycle}-${sent++}`));
  warden.onReply((reply) => {
    if (!isCall(reply.id, cycle)) return;
    if (++answered === killAfter) warden.kill('SIGKILL');
    else next();
  });
  for (let i = 0; i < IN_FLIGHT; i++) next();
  const code = await warden.exited;
  assert.is(code, null, `cycle ${cycle}: warden ended by itself (${code}) instead of by SIGKILL\n${warden.stderr()}`);
  const acknowledged = warden.replies.filter((r) => isCall(r.id, cycle));
  for (const reply of acknowledged) assert.ok(reply.result, `cycle ${cycle}: call ${String(reply.id)} failed: ${JSON.stringify(reply.error)}`);
  return acknowledged.map((r) => r.id as string);
}

/**
 * A response's entry carries the id warden gave the request upstream, not the client's (see
 * docs/security-testing.md), so responses are counted per session: the session is the one
 * whose initialize carried `c<cycle>-init`.
 */
function unjournaled(entries: readonly JournalEntry[], cycle: number, acknowledged: readonly string[]): string[] {
  const session = entries.find((e) => e.kind === 'decision' && e.request_id === `c${cycle}-init`)?.session_id;
  const calls = entries.filter((e) => e.kind === 'decision' && e.session_id === session && e.method === 'tools/call' && e.action === 'forward');
  const requests = new Set(calls.filter((e) => e.direction === 'client_to_server' && e.message_kind === 'request').map((e) => e.request_id));
  const responses = calls.filter((e) => e.direction === 'server_to_client' && e.message_kind === 'response');
  const missing = acknowledged.filter((id) => !requests.has(id)).map((id) => `${id} (request)`);
  if (responses.length < acknowledged.length) missing.push(`cycle ${cycle}: ${acknowledged.length} replies, ${responses.length} response decisions`);
  if (new Set(responses.map((e) => e.request_id)).size !== responses.length) missing.push(`cycle ${cycle}: a response journaled twice`);
  return missing;
}

test(`SIGKILL under pipelined load, ${CRASHES} times: every acknowledged call is journaled and verify finds no tampering`, async () => {
  const s = await scratch();
  try {
    const acknowledged: string[][] = [];
    for (let cycle = 1; cycle <= CRASHES; cycle++) {
      const warden = run(s);
      await handshake(warden, `c${cycle}-init`);
      acknowledged.push(await loadAndKill(warden, cycle, 150 + 41 * cycle));
    }
    // After the last crash, an orderly session: the journal must open and close cleanly.
    const last = run(s);
    await handshake(last, 'final-init');
    last.send(call('final-1'));
    assert.ok((await last.reply('final-1')).result, 'a call after the crashes');
    last.endInput();
    assert.is(await last.exited, 0, `warden after the crashes:\n${last.stderr()}`);

    const entries = await readEntries(s.journal);
    const missing = acknowledged.flatMap((ids, n) => unjournaled(entries, n + 1, ids));
    assert.equal(missing, [], `acknowledged calls without their decisions (of ${acknowledged.flat().length})`);
    assert.ok(entries.some((e) => e.kind === 'recovery'), 'no crash left anything to recover: was warden killed mid-load?');

    const result = verify(s.journal, path.join(s.home, 'signing-key.pem'), s.home);
    assert.ok(result.status === 0 || result.status === 3, `warden verify exited ${result.status}:\n${result.stdout}`);
  } finally {
    await rm(s.dir, { recursive: true, force: true });
  }
});

test.run();
