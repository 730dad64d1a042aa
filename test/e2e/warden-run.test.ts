/**
 * End to end through the built CLI: an MCP SDK client talks to the example workspace server
 * through `warden run`, and each acceptance point of the foundation issue is asserted from the
 * outside (client results, files on disk, stderr, the journal, `warden verify`).
 */
import { cp, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { policyDigest, readPolicyDir } from '../../engine/policy/index.js';
import { until } from '../support/until.js';
import { denialOf, direct, throughWarden, toolNames } from './support/clients.js';
import { PERMIT_WRITE_ONLY, PERMITTED_BY_NAME, type Sandbox, withSandbox } from './support/sandbox.js';

test('an allowed call returns exactly what the server returns directly', () =>
  withSandbox(async (box) => {
    const [proxied, plain] = await Promise.all([throughWarden(box), direct(box)]);
    try {
      for (const [name, args] of [['read_file', { path: 'notes.txt' }], ['list_files', {}]] as const) {
        const viaWarden = await proxied.client.callTool({ name, arguments: args });
        const straight = await plain.client.callTool({ name, arguments: args });
        assert.equal(viaWarden, straight, `${name} through warden`);
      }
    } finally {
      await Promise.all([proxied.close(), plain.close()]);
    }
  }));

test('a denied call never reaches the server and tells the client why', () =>
  withSandbox(async (box) => {
    const session = await throughWarden(box);
    let decisionId = '';
    try {
      const write = await denialOf(session.client, 'write_file', { path: 'created.txt', content: 'x' });
      const data = write.data as { reasons: string[]; decision_id: string };
      assert.is(data.reasons.length, 1);
      assert.match(data.reasons[0]!, /^write_file: /);
      assert.match(write.message, data.reasons[0]!, 'the reason is in the error message too');
      decisionId = data.decision_id;
      const command = await denialOf(session.client, 'run_command', { command: 'touch', args: ['marker'] });
      assert.match(command.message, /run_command: /);
    } finally {
      await session.close();
    }
    // Server-side evidence: neither file was created.
    assert.not.ok(existsSync(path.join(box.workspace, 'created.txt')));
    assert.not.ok(existsSync(path.join(box.workspace, 'marker')));
    const denied = (await readEntries(box.journal)).filter((e) => e.kind === 'decision' && e.action === 'deny');
    assert.equal(denied.map((e) => e.tool), ['write_file', 'run_command']);
    assert.is(denied[0]!.decision_id, decisionId, 'the client can find its denial in the journal');
  }));

test('the tool list only shows tools the policy could allow', () =>
  withSandbox(async (box) => {
    await box.editPolicy('mcp.rego', PERMITTED_BY_NAME, PERMIT_WRITE_ONLY);
    const [proxied, plain] = await Promise.all([throughWarden(box), direct(box)]);
    try {
      assert.equal(await toolNames(plain.client), ['list_files', 'read_file', 'run_command', 'write_file']);
      assert.equal(await toolNames(proxied.client), ['list_files', 'read_file', 'write_file']);
    } finally {
      await Promise.all([proxied.close(), plain.close()]);
    }
    const listing = (await readEntries(box.journal)).find((e) => e.method === 'tools/list' && e.direction === 'server_to_client');
    assert.equal(listing?.hidden_tools, ['run_command']);
  }));

test('hot reload: an edit takes effect, a broken edit keeps the last good policy', () =>
  withSandbox(async (box) => {
    const session = await throughWarden(box);
    const echo = { command: 'echo', args: ['hi'] };
    try {
      await session.stderr.next(/policy loaded/);
      const before = await session.client.callTool({ name: 'run_command', arguments: echo });
      assert.not.ok(before.isError, 'run_command echo is allowed by the shipped policy');

      await box.editPolicy('mcp.rego', PERMITTED_BY_NAME, PERMIT_WRITE_ONLY);
      await session.stderr.next(/policy reloaded/);
      await denialOf(session.client, 'run_command', echo);

      await box.editPolicy('mcp.rego', PERMIT_WRITE_ONLY, `${PERMIT_WRITE_ONLY}\nallow if {`);
      const diagnostic = await session.stderr.next(/rego_parse_error/);
      assert.match(diagnostic, /^mcp\.rego:\d+:\d+: rego_parse_error: /);
      await session.stderr.next(/policy reload failed; keeping the last good policy/);
      // The edited (not the shipped, not the broken) policy keeps deciding.
      await denialOf(session.client, 'run_command', echo);
      const read = await session.client.callTool({ name: 'read_file', arguments: { path: 'notes.txt' } });
      assert.not.ok(read.isError);
    } finally {
      await session.close();
    }
    const loads = (await readEntries(box.journal)).filter((e) => e.kind === 'policy-load');
    assert.equal(loads.map((e) => e.ok), [true, true, false]);
    assert.is(loads[2]!.kept_digest, loads[1]!.policy_digest);
    assert.match(String(loads[2]!.error), /^mcp\.rego:\d+:\d+: rego_parse_error/);
    const decisions = (await readEntries(box.journal)).filter((e) => e.kind === 'decision' && e.tool === 'run_command' && e.direction === 'client_to_server');
    assert.equal(decisions.map((e) => e.policy_digest), [loads[0]!.policy_digest, loads[1]!.policy_digest, loads[1]!.policy_digest]);
  }));

test('a start loads the policy an earlier start on the same home compiled; an edit or a damaged entry compiles again', () =>
  withSandbox(async (box) => {
    const loads = async (): Promise<Array<Record<string, unknown>>> => (await readEntries(box.journal)).filter((e) => e.kind === 'policy-load');
    const run = async (): Promise<void> => {
      const session = await throughWarden(box);
      try {
        await denialOf(session.client, 'run_command', { command: 'touch', args: ['marker'] });
        assert.not.ok((await session.client.callTool({ name: 'read_file', arguments: { path: 'notes.txt' } })).isError);
      } finally {
        await session.close();
      }
    };
    await run();
    await run();
    await saveEdit(box, 'mcp.rego', 'tool_permitted if readonly.read_only', 'tool_permitted if readonly.read_only\n\n# edited');
    await run();
    await run();
    const cacheDir = path.join(box.home, 'cache', 'policies');
    for (const name of await readdir(cacheDir)) await writeFile(path.join(cacheDir, name), 'damaged');
    await run();
    const seen = await loads();
    assert.equal(seen.map((e) => e.cached ?? false), [false, true, false, true, false]);
    assert.equal(seen.map((e) => e.policy_digest === seen[0]!.policy_digest), [true, true, false, false, false]);
    assert.ok(seen.every((e) => e.ok === true && e.warnings === undefined), JSON.stringify(seen));
    assert.is((await readdir(cacheDir)).length, 2);
    assert.not.ok(existsSync(path.join(box.workspace, 'marker')));
  }));

/** As editors save: whole, through a hidden file renamed over the old one, so no read sees half a file. */
async function saveEdit(box: Sandbox, file: string, from: string, to: string): Promise<void> {
  const target = path.join(box.policies, file);
  const text = await readFile(target, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  await writeFile(path.join(box.policies, `.${file}.swp`), text.replace(from, to));
  await rename(path.join(box.policies, `.${file}.swp`), target);
}

/**
 * Resolves once `file` has been read: its atime, set before its mtime here, moves on the next
 * read (relatime, strictatime). Where the filesystem keeps no atimes, after `fallbackMs`.
 */
async function firstRead(file: string, fallbackMs: number): Promise<void> {
  const { mtime } = statSync(file);
  utimesSync(file, new Date(mtime.getTime() - 60_000), mtime);
  const unread = statSync(file).atimeMs;
  const deadline = Date.now() + fallbackMs;
  while (statSync(file).atimeMs === unread && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
}

test('hot reload: an edit saved while warden compiles its first policy takes effect, and the journal names the policy on disk', () =>
  withSandbox(async (box) => {
    // The data file is read last: once it has been, the first load has read everything and
    // compiles (for hundreds of milliseconds), and the edit lands meanwhile.
    const edited = firstRead(path.join(box.policies, 'data.yaml'), 3000).then(() => saveEdit(box, 'mcp.rego', PERMITTED_BY_NAME, PERMIT_WRITE_ONLY));
    const session = await throughWarden(box);
    let onDisk = '';
    try {
      await edited;
      onDisk = policyDigest(await readPolicyDir(box.policies));
      // warden names the digest it puts in force, on its first load and on each reload.
      await until(() => session.stderr.text.includes(`(${onDisk},`), `the policy on disk (${onDisk}) in force`, 15_000);
      await denialOf(session.client, 'run_command', { command: 'echo', args: ['hi'] });
    } finally {
      await session.close();
    }
    const entries = await readEntries(box.journal);
    const loads = entries.filter((e) => e.kind === 'policy-load' && e.ok === true);
    assert.is(loads.at(-1)!.policy_digest, onDisk);
    const decisions = entries.filter((e) => e.kind === 'decision' && e.tool === 'run_command' && e.direction === 'client_to_server');
    assert.equal(decisions.map((e) => e.policy_digest), [onDisk]);
  }));

test('a large answer arrives whole, one holding a secret arrives redacted, and both are journaled', () =>
  withSandbox(async (box) => {
    // Over the size from which a frame's payload text is taken once and frozen (message-text.ts).
    const prose = 'Quarterly notes \u2014 \u201cshipping\u201d on time, caf\u00e9 budget \u{1f4c8}; see "plan.md" \\ tab\tend.\n'.repeat(400);
    await writeFile(path.join(box.workspace, 'large.txt'), prose);
    await writeFile(path.join(box.workspace, 'leaky.txt'), `${prose}aws key AKIAABCDEFGHIJKLMNOP in the middle\n${prose}`);
    const [proxied, plain] = await Promise.all([throughWarden(box), direct(box)]);
    try {
      for (let round = 0; round < 2; round++) {
        const viaWarden = await proxied.client.callTool({ name: 'read_file', arguments: { path: 'large.txt' } });
        assert.equal(viaWarden, await plain.client.callTool({ name: 'read_file', arguments: { path: 'large.txt' } }), `round ${round}`);
        const leaky = await proxied.client.callTool({ name: 'read_file', arguments: { path: 'leaky.txt' } });
        assert.equal(leaky.content, [{ type: 'text', text: '[redacted by mcp-warden]' }], `round ${round}`);
      }
    } finally {
      await Promise.all([proxied.close(), plain.close()]);
    }
    const answers = (await readEntries(box.journal)).filter((e) => e.kind === 'decision' && e.direction === 'server_to_client' && e.tool === 'read_file');
    assert.equal(answers.map((e) => e.redacted ?? 0), [0, 1, 0, 1]);
    assert.ok(answers.every((e) => /^[0-9a-f]{64}$/.test(String(e.result_commitment))));
    assert.is(answers[0]!.result_commitment, answers[2]!.result_commitment, 'the same answer commits the same');
    const verified = box.warden(['verify', box.journal]);
    assert.is(verified.status, 0, verified.stdout + verified.stderr);
  }));

test('warden verify passes an intact journal and names the line of a tampered one', () =>
  withSandbox(async (box) => {
    const session = await throughWarden(box);
    try {
      await session.client.callTool({ name: 'read_file', arguments: { path: 'notes.txt' } });
      await denialOf(session.client, 'write_file', { path: 'x.txt', content: 'x' });
    } finally {
      await session.close();
    }
    const intact = box.warden(['verify', box.journal]);
    assert.is(intact.status, 0, intact.stdout + intact.stderr);
    assert.match(intact.stdout, /^PASS: \d+ entries in 1 segment\n$/);

    const lines = (await readFile(path.join(box.journal, SEGMENT), 'utf8')).split('\n');
    const line = lines.findIndex((l) => l.includes('"method":"tools/call"')) + 1;
    assert.ok(line > 1 && line < lines.length - 2, 'a tools/call decision in the middle of the journal');

    // One byte of a decision id: still valid, canonical JSON, but not what was chained.
    const flipped = await tampered(box, 'flip', lines, (copy) => {
      copy[line - 1] = copy[line - 1]!.replace(/"decision_id":"(.)/, (_m, c: string) => `"decision_id":"${c === 'a' ? 'b' : 'a'}`);
      assert.is(Buffer.byteLength(copy[line - 1]!), Buffer.byteLength(lines[line - 1]!), 'exactly one byte changed');
    });
    assert.match(flipped, `${SEGMENT}:${line}: hash_mismatch`);

    const deleted = await tampered(box, 'delete', lines, (copy) => copy.splice(line - 1, 1));
    assert.match(deleted, new RegExp(`${SEGMENT}:${line}: \\w+`));

    const swapped = await tampered(box, 'swap', lines, (copy) => copy.splice(line - 1, 2, copy[line]!, copy[line - 1]!));
    assert.match(swapped, new RegExp(`${SEGMENT}:${line}: \\w+`));

    // The newest entry has no successor to chain it; the signed checkpoint still catches it.
    const last = await tampered(box, 'last', lines, (copy) => {
      const at = copy.length - 2;
      copy[at] = copy[at]!.replace(/"decision_id":"(.)/, (_m, c: string) => `"decision_id":"${c === 'a' ? 'b' : 'a'}`);
    });
    assert.match(last, 'checkpoint_mismatch');
  }));

test('wardens started at once on a fresh home share one signing key and the tool store, each journals in a slot of its own, and every journal verifies', () =>
  withSandbox(async (box) => {
    const count = 6;
    const sessions = await Promise.all(Array.from({ length: count }, () => throughWarden(box, { defaultJournal: true })));
    try {
      // Each lists the tools, so each writes the tool store in the shared state directory.
      await Promise.all(sessions.map((session) => toolNames(session.client)));
      for (const session of sessions) await session.client.callTool({ name: 'read_file', arguments: { path: 'notes.txt' } });
    } finally {
      await Promise.all(sessions.map((session) => session.close()));
    }
    const journals = ['journal', ...Array.from({ length: count - 1 }, (_, i) => `journal.${i + 2}`)];
    const names = await readdir(box.home);
    assert.equal(names.filter((name) => name.startsWith('journal')).sort(), journals.sort());
    assert.equal(names.filter((name) => name.startsWith('signing-key')), ['signing-key.pem']);
    const store = await readdir(path.join(box.home, 'state', 'tools'));
    assert.is(store.length, 1, `one file for the one upstream: ${store.join(', ')}`);
    JSON.parse(await readFile(path.join(box.home, 'state', 'tools', store[0]!), 'utf8'));
    for (const journal of journals) {
      const report = box.warden(['verify', path.join(box.home, journal)]);
      assert.is(report.status, 0, `${journal}: ${report.stdout}${report.stderr}`);
    }
  }));

const SEGMENT = 'segment-000001.jsonl';

/** Verifies a copy of the journal after `edit` changed its lines; expects exit 1 and returns the report. */
async function tampered(box: Sandbox, name: string, lines: readonly string[], edit: (copy: string[]) => void): Promise<string> {
  const dir = path.join(box.dir, `tampered-${name}`);
  await cp(box.journal, dir, { recursive: true });
  const copy = [...lines];
  edit(copy);
  await writeFile(path.join(dir, SEGMENT), copy.join('\n'));
  const result = box.warden(['verify', dir]);
  assert.is(result.status, 1, `${name}: ${result.stdout}${result.stderr}`);
  assert.match(result.stdout, /^FAIL/);
  return result.stdout;
}

test.run();
