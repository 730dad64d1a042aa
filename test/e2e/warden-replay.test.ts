/**
 * Replay on real recordings: `warden run --journal-inputs` (the built CLI over stdio, the example
 * workspace server upstream, a fixed policy) records a session; `warden replay` then re-decides
 * it. Under the recording policy nothing changes; under a deliberately changed copy exactly the
 * decisions the change flips are reported. Journals recorded without inputs, or with inputs
 * over the size limit, are counted as not replayable.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readEntries, type JournalEntry } from '../../examples/demo/journal-summary.js';
import { StderrLog } from '../../examples/demo/stderr-log.js';
import { WARDEN, WORKSPACE_SERVER } from './support/repo.js';
import { createSandbox, type Sandbox } from './support/sandbox.js';
import { throughWarden } from './support/clients.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/replay');
const RECORDING_POLICY = path.join(FIXTURES, 'policy');
const CANDIDATE_DATA = path.join(FIXTURES, 'candidate-data.yaml');
const SECRET = 'SECRET-7f3a9c';

interface Group { kind: string; rule: string; reason: string; direction?: string; count: number; examples: { seq: number }[] }
interface Report {
  decisions: number; replayed: number; unchanged: number; changed: number;
  changes: Record<string, number>; groups: Group[];
  not_replayable: { count: number; by_reason: Record<string, number> }; not_decided_by_policy: number;
}

function replay(box: Sandbox, argv: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = box.warden(['replay', ...argv]);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function replayJson(box: Sandbox, extra: string[] = []): Report {
  const { code, stdout, stderr } = replay(box, ['--journal', box.journal, '--policies', RECORDING_POLICY, '--format', 'json', '--examples', '100', ...extra]);
  assert.is(code, 0, stderr);
  return JSON.parse(stdout) as Report;
}

/** The session every recording holds: listings, allowed and denied calls, a redacted result. */
async function recordSession(box: Sandbox, journalFlags: string[]): Promise<void> {
  await rm(box.policies, { recursive: true, force: true });
  await cp(RECORDING_POLICY, box.policies, { recursive: true });
  await writeFile(path.join(box.workspace, 'secret.txt'), `token ${SECRET}\n`);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [WARDEN, 'run', '--policies', box.policies, '--journal', box.journal, ...journalFlags, '--', process.execPath, WORKSPACE_SERVER, box.workspace],
    env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: box.home },
    stderr: 'pipe',
  });
  const stderr = new StderrLog(transport.stderr as Readable);
  const client = new Client({ name: 'mcp-warden-replay-e2e', version: '0.0.0' });
  try {
    await client.connect(transport).catch((error: unknown) => { throw new Error(`cannot connect: ${String(error)}\n${stderr.text}`); });
    await client.listTools();
    await client.callTool({ name: 'read_file', arguments: { path: 'notes.txt' } });
    const secret = await client.callTool({ name: 'read_file', arguments: { path: 'secret.txt' } });
    assert.equal(secret.content, [{ type: 'text', text: '[redacted by mcp-warden]' }], 'the recording policy redacts the secret');
    await client.callTool({ name: 'run_command', arguments: { command: 'echo', args: ['hi'] } });
    await client.callTool({ name: 'run_command', arguments: { command: 'touch', args: ['marker'] } }).then(
      () => assert.unreachable('touch is denied by the recording policy'),
      (error: unknown) => assert.match(String(error), 'run_command: program not allowed'),
    );
    await client.callTool({ name: 'write_file', arguments: { path: 'new.txt', content: 'x' } });
    await client.callTool({ name: 'list_files', arguments: {} });
  } finally {
    await client.close();
  }
}

async function withRecording(journalFlags: string[], body: (box: Sandbox, entries: JournalEntry[]) => Promise<void>): Promise<void> {
  const box = await createSandbox();
  try {
    await recordSession(box, journalFlags);
    await body(box, (await readEntries(box.journal)).filter((e) => e.kind === 'decision'));
  } finally {
    await box.remove();
  }
}

type Input = { kind?: string; method?: string; params?: { name?: string; arguments?: { command?: string; path?: string } } };
const inputOf = (e: JournalEntry): Input => (e.input ?? {}) as Input;

/** The request entry of a tools/call, found by the recorded input alone. */
function callRequest(entries: JournalEntry[], match: (args: { command?: string; path?: string }, name?: string) => boolean): JournalEntry {
  const found = entries.filter((e) => {
    const input = inputOf(e);
    return input.kind === 'request' && input.method === 'tools/call' && match(input.params?.arguments ?? {}, input.params?.name);
  });
  assert.is(found.length, 1, 'exactly one matching request');
  return found[0]!;
}

function responseTo(entries: JournalEntry[], request: JournalEntry): JournalEntry {
  const found = entries.filter((e) => e.message_kind === 'response' && e.session_id === request.session_id && e.request_id === request.request_id);
  assert.is(found.length, 1, 'exactly one response');
  return found[0]!;
}

function seqsOf(report: Report, kind: string): number[] {
  return report.groups.filter((g) => g.kind === kind).flatMap((g) => g.examples.map((e) => e.seq)).sort((a, b) => a - b);
}

test('with inputs: verify passes, no raw secret is journaled, the recording policy changes nothing', () =>
  withRecording(['--journal-inputs'], async (box, entries) => {
    const verified = box.warden(['verify', box.journal]);
    assert.is(verified.status, 0, verified.stdout);
    const text = (await readEntries(box.journal)).map((e) => JSON.stringify(e)).join('\n');
    assert.not.ok(text.includes(SECRET), 'the redacted secret is not in the journal');
    const open = (await readEntries(box.journal)).find((e) => e.kind === 'journal-open');
    assert.equal(open?.recordInputs, { maxBytes: 65536 });
    const report = replayJson(box);
    assert.is(report.decisions, entries.length);
    assert.is(report.replayed, entries.filter((e) => e.input !== undefined).length);
    assert.ok(report.replayed >= 14, `replayed ${report.replayed}`);
    assert.is(report.changed, 0, JSON.stringify(report.groups));
    assert.is(report.unchanged, report.replayed);
    assert.is(report.not_replayable.count, 0);
    assert.is(report.replayed + report.not_decided_by_policy, report.decisions);
    const unchanged = replay(box, ['--journal', box.journal, '--policies', RECORDING_POLICY, '--fail-on-change']);
    assert.is(unchanged.code, 0, 'nothing changes: exit 0 even with --fail-on-change');
  }));

test('a changed candidate reports exactly the decisions it flips, grouped by rule and reason', () =>
  withRecording(['--journal-inputs'], async (box, entries) => {
    const echo = callRequest(entries, (a) => a.command === 'echo');
    const touch = callRequest(entries, (a) => a.command === 'touch');
    const write = callRequest(entries, (_a, name) => name === 'write_file');
    const notes = responseTo(entries, callRequest(entries, (a) => a.path === 'notes.txt'));
    const listing = entries.filter((e) => e.method === 'tools/list' && e.message_kind === 'response');
    assert.is(listing.length, 1);
    const report = replayJson(box, ['--data', CANDIDATE_DATA]);
    assert.equal(seqsOf(report, 'allow_to_deny'), [echo.seq as number, write.seq as number].sort((a, b) => a - b));
    assert.equal(seqsOf(report, 'deny_to_allow'), [touch.seq as number]);
    assert.equal(seqsOf(report, 'reasons_changed'), []);
    assert.equal(seqsOf(report, 'redactions_changed'), [notes.seq as number]);
    assert.equal(seqsOf(report, 'visible_tools_changed'), [listing[0]!.seq as number]);
    assert.is(report.changed, 5);
    assert.is(report.unchanged, report.replayed - 5);
    assert.equal(report.changes, { allow_to_deny: 2, deny_to_allow: 1, reasons_changed: 0, redactions_changed: 1, visible_tools_changed: 1 });
    const strip = (g: Group) => ({ kind: g.kind, rule: g.rule, reason: g.reason, direction: g.direction, count: g.count });
    assert.equal(report.groups.map(strip), [
      { kind: 'allow_to_deny', rule: 'allow', reason: 'not allowed by policy: no allow rule matched', direction: undefined, count: 1 },
      { kind: 'allow_to_deny', rule: 'deny', reason: 'run_command: program not allowed', direction: undefined, count: 1 },
      { kind: 'deny_to_allow', rule: 'deny', reason: 'run_command: program not allowed', direction: undefined, count: 1 },
      { kind: 'redactions_changed', rule: 'redactions', reason: '["content",0,"text"]', direction: 'added', count: 1 },
      { kind: 'visible_tools_changed', rule: 'visible_tools', reason: 'write_file', direction: 'removed', count: 1 },
    ]);
    const failing = replay(box, ['--journal', box.journal, '--policies', RECORDING_POLICY, '--data', CANDIDATE_DATA, '--fail-on-change']);
    assert.is(failing.code, 2);
    assert.match(failing.stdout, /^allow -> deny: 2$/m);
    assert.match(failing.stdout, /^ {2}\[deny\] "run_command: program not allowed": 1$/m);
    assert.match(failing.stdout, new RegExp(`^ {4}seq ${String(echo.seq)} tools/call run_command \\(client_to_server, decision ${String(echo.decision_id)}\\)$`, 'm'));
  }));

test('a journal recorded without inputs: every decision is counted as not replayable', async () => {
  const box = await createSandbox();
  try {
    const session = await throughWarden(box);
    await session.client.listTools();
    await session.close();
    const decisions = (await readEntries(box.journal)).filter((e) => e.kind === 'decision');
    assert.ok(decisions.length >= 4);
    const report = replayJson(box);
    assert.is(report.decisions, decisions.length);
    assert.is(report.replayed, 0);
    assert.equal(report.not_replayable, { ...report.not_replayable, count: decisions.length, by_reason: { input_not_recorded: decisions.length } });
    const { code, stdout } = replay(box, ['--journal', box.journal, '--policies', RECORDING_POLICY, '--fail-on-change']);
    assert.is(code, 1, 'nothing replayable: a gate that checked nothing fails, the report still printed');
    assert.match(stdout, new RegExp(`^not replayable: ${decisions.length} \\(input_not_recorded: ${decisions.length}\\)$`, 'm'));
  } finally {
    await box.remove();
  }
});

test('inputs over --journal-input-max-bytes are journaled as omitted and counted as too large', () =>
  withRecording(['--journal-inputs', '--journal-input-max-bytes', '1024'], async (box, entries) => {
    const omitted = entries.filter((e) => (e.input_omitted as { reason?: string } | undefined)?.reason === 'too_large');
    assert.ok(omitted.length >= 1, 'the tool listing is larger than 1024 bytes');
    for (const e of omitted) assert.equal(e.input_omitted, { reason: 'too_large', bytes: (e.input_omitted as { bytes: number }).bytes, max_bytes: 1024 });
    const report = replayJson(box);
    assert.is(report.not_replayable.by_reason.input_too_large, omitted.length);
    assert.is(report.changed, 0);
    assert.is(report.replayed + report.not_replayable.count + report.not_decided_by_policy, report.decisions);
    assert.ok(await readFile(path.join(box.journal, 'segment-000001.jsonl'), 'utf8'));
  }));

test.run();
