/**
 * `warden replay` through the built CLI: its options, output formats and every exit code, on
 * small journals written here (replay reads journals without verifying them). The end-to-end
 * test (test/e2e/warden-replay.test.ts) replays a real recording.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WARDEN } from '../../e2e/support/repo.js';

let dir = '';
let journal = '';
let allowPings = '';

const TIME = { rfc3339: '2025-06-30T09:15:02.120Z', ns: '1751274902120000000' };
const SESSION = { id: 's', transport: 'stdio', protocol_version: null, client: null, server: null };
const PRINCIPAL = { id: 'alice', authenticated_by: 'os_user', claims: {}, roles: [] };

function decision(seq: number, method: string, allow: boolean, reasons: string[]): string {
  return JSON.stringify({
    kind: 'decision', seq, decision_id: `d-${seq}`, session_id: 's', upstream: 'demo', direction: 'client_to_server',
    message_kind: 'request', method, request_id: seq, tool: null, allow, reasons, failure: null,
    input: { direction: 'client_to_server', kind: 'request', method, id: seq, params: {}, session: SESSION, principal: PRINCIPAL, upstream: 'demo', time: TIME },
  });
}

test.before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'warden-replay-command-'));
  journal = path.join(dir, 'journal');
  allowPings = path.join(dir, 'policy');
  await mkdir(journal);
  await mkdir(allowPings);
  // Recorded under a policy that allowed both; the candidate only allows ping.
  await writeFile(path.join(journal, 'segment-000001.jsonl'), `${decision(1, 'ping', true, [])}\n${decision(2, 'tools/list', true, [])}\n${JSON.stringify({ kind: 'decision', seq: 3, decision_id: 'd-3', session_id: 's', upstream: 'demo', direction: 'client_to_server', message_kind: 'request', method: 'x', request_id: 3, tool: null, allow: false, reasons: ['r'], failure: null })}\n`);
  await writeFile(path.join(allowPings, 'mcp.rego'), 'package mcp\n\nimport rego.v1\n\nallow if input.method == "ping"\n');
});
test.after(() => rm(dir, { recursive: true, force: true }));

function run(argv: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [WARDEN, 'replay', ...argv], { encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('pretty by default: the change, its rule and reason, the example; exit 0 without --fail-on-change', () => {
  const { code, stdout } = run(['--journal', journal, '--policies', allowPings]);
  assert.is(code, 0);
  assert.match(stdout, /^decisions: 3 {2}replayed: 2 {2}unchanged: 1 {2}changed: 1$/m);
  assert.match(stdout, /^not replayable: 1 \(input_not_recorded: 1\)\n {2}seq 3 x \(client_to_server, decision d-3\): input_not_recorded\nnot decided by the policy: 0 /m);
  assert.match(stdout, /^allow -> deny: 1\n {2}\[allow\] "not allowed by policy: no allow rule matched": 1\n {4}seq 2 tools\/list \(client_to_server, decision d-2\)$/m);
});

test('json: the same report as one document; --examples limits the examples', () => {
  const { code, stdout } = run(['--journal', journal, '--policies', allowPings, '--format', 'json', '--examples', '0']);
  assert.is(code, 0);
  const report = JSON.parse(stdout) as { changed: number; groups: { count: number; examples: unknown[] }[]; not_replayable: { count: number } };
  assert.is(report.changed, 1);
  assert.equal(report.groups.map((g) => [g.count, g.examples.length]), [[1, 0]]);
  assert.is(report.not_replayable.count, 1);
});

test('a candidate\'s print() goes to stderr, so the JSON report stays parseable', async () => {
  const printing = path.join(dir, 'printing');
  await mkdir(printing, { recursive: true });
  await writeFile(path.join(printing, 'mcp.rego'), 'package mcp\n\nimport rego.v1\n\nallow if {\n\tprint("deciding", input.method)\n\tinput.method == "ping"\n}\n');
  const { code, stdout, stderr } = run(['--journal', journal, '--policies', printing, '--format', 'json']);
  assert.is(code, 0);
  assert.is((JSON.parse(stdout) as { changed: number }).changed, 1);
  assert.match(stderr, 'deciding ping');
});

test('--fail-on-change: exit 2 when a decision changes, 0 when none does', async () => {
  assert.is(run(['--journal', journal, '--policies', allowPings, '--fail-on-change']).code, 2);
  const allowBoth = path.join(dir, 'allow-both');
  await mkdir(allowBoth, { recursive: true });
  await writeFile(path.join(allowBoth, 'mcp.rego'), 'package mcp\n\nimport rego.v1\n\nallow if input.method in {"ping", "tools/list"}\n');
  assert.is(run(['--journal', journal, '--policies', allowBoth, '--fail-on-change']).code, 0);
});

test('--fail-on-change: exit 1 when no decision could be replayed, since nothing was checked', async () => {
  const bare = path.join(dir, 'no-inputs');
  await mkdir(bare, { recursive: true });
  await writeFile(path.join(bare, 'segment-000001.jsonl'), `${JSON.stringify({ kind: 'decision', seq: 1, decision_id: 'd-1', session_id: 's', upstream: 'demo', direction: 'client_to_server', message_kind: 'request', method: 'ping', request_id: 1, tool: null, allow: true, reasons: [], failure: null })}\n`);
  const gated = run(['--journal', bare, '--policies', allowPings, '--fail-on-change']);
  assert.is(gated.code, 1);
  assert.match(gated.stderr, 'no decision could be replayed (1 in the journal, 1 without a recorded input)');
  assert.is(run(['--journal', bare, '--policies', allowPings]).code, 0, 'without the gate, the report alone');
});

test('--strict-builtin-errors replays as warden run does with it: a failing builtin denies', async () => {
  const failing = path.join(dir, 'failing-builtin');
  await mkdir(failing, { recursive: true });
  await writeFile(path.join(failing, 'mcp.rego'), 'package mcp\n\nimport rego.v1\n\nallow if input.method in {"ping", "tools/list"}\n\ndeny contains "odd" if to_number(input.method) > 1\n');
  assert.is(run(['--journal', journal, '--policies', failing, '--fail-on-change']).code, 0);
  const strict = run(['--journal', journal, '--policies', failing, '--strict-builtin-errors', '--format', 'json']);
  assert.is((JSON.parse(strict.stdout) as { changed: number }).changed, 2);
});

test('exit 1: an unreadable journal, a candidate that does not compile (diagnostics on stderr)', async () => {
  const missing = run(['--journal', path.join(dir, 'missing'), '--policies', allowPings]);
  assert.is(missing.code, 1);
  assert.is(missing.stderr, `warden replay: ${path.join(dir, 'missing')}: does not exist; expected the journal directory (--journal)\n`);
  const broken = path.join(dir, 'broken');
  await mkdir(broken, { recursive: true });
  await writeFile(path.join(broken, 'mcp.rego'), 'package mcp\n\nallow if {\n');
  const { code, stderr } = run(['--journal', journal, '--policies', broken]);
  assert.is(code, 1);
  assert.match(stderr, /mcp\.rego:\d+:\d+: rego_parse_error/);
  assert.is(run(['--journal', journal, '--policies', path.join(dir, 'no-such-policy')]).code, 1);
});

test('--v0-compatible replays a Rego v0 candidate, which does not compile without it', async () => {
  const v0 = path.join(dir, 'v0');
  await mkdir(v0, { recursive: true });
  await writeFile(path.join(v0, 'mcp.rego'), 'package mcp\n\nallow {\n\tinput.method == "ping"\n}\n');
  const { code, stdout } = run(['--journal', journal, '--policies', v0, '--v0-compatible', '--format', 'json']);
  assert.is(code, 0);
  assert.is((JSON.parse(stdout) as { changed: number }).changed, 1);
  assert.is(run(['--journal', journal, '--policies', v0]).code, 1);
});

test('exit 1: a candidate whose --data holds a value above one of its rules (OPA\'s compile error at the rule)', async () => {
  const data = path.join(dir, 'flat.json');
  await writeFile(data, JSON.stringify({ mcp: 'off' }));
  const { code, stdout, stderr } = run(['--journal', journal, '--policies', allowPings, '--data', data]);
  assert.is(code, 1);
  assert.match(stderr, /^mcp\.rego:5:1: rego_compile_error: conflicting rule for data path mcp\/allow found$/m);
  assert.is(stdout, '');
});

test('usage errors (exit 2, with the usage): missing options, bad values, stray arguments', () => {
  for (const argv of [
    ['--policies', allowPings], ['--journal', journal], ['--journal', journal, '--policies', allowPings, '--format', 'yaml'],
    ['--journal', journal, '--policies', allowPings, '--examples', 'many'], ['--journal', journal, '--policies', allowPings, 'extra'],
    ['--journal', journal, '--policies', allowPings, '--unknown'],
  ]) {
    const { code, stderr } = run(argv);
    assert.is(code, 2, argv.join(' '));
    assert.match(stderr, /^warden: .*\n\nUsage: warden replay /, 'the message, then the usage');
  }
});

test.run();
