import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { reloadPolicy, type PolicyLoadReport } from '../../../engine/policy/reload.js';
import { PolicyStore } from '../../../engine/policy/store.js';
import { buildInput } from '../../../engine/decision/input.js';
import { context } from '../decision/fixtures.js';

const GOOD = 'package mcp\nimport rego.v1\nallow if input.method == "ping"\n';
const BROKEN = 'package mcp\nimport rego.v1\nallow if {\n';

function recorder(): { entries: Array<Record<string, unknown>>; append(e: Record<string, unknown>): Promise<unknown> } {
  const entries: Array<Record<string, unknown>> = [];
  return { entries, append: async (e) => { entries.push(e); return { seq: entries.length, hash: 'h' }; } };
}

async function tempDir(rego: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-reload-'));
  await writeFile(path.join(dir, 'mcp.rego'), rego);
  return dir;
}

test('a good load is journaled, then swapped in', async () => {
  const dir = await tempDir(GOOD);
  const store = new PolicyStore();
  const journal = recorder();
  const reports: PolicyLoadReport[] = [];
  const report = await reloadPolicy({ dir, store, journal, onReport: (r) => reports.push(r) });
  assert.ok(report.ok);
  assert.is(store.current?.digest, report.ok ? report.digest : undefined);
  assert.is(journal.entries.length, 1);
  const entry = journal.entries[0]!;
  assert.is(entry.kind, 'policy-load');
  assert.is(entry.ok, true);
  assert.is(entry.policy_digest, store.current?.digest);
  assert.is(entry.previous_digest, null);
  assert.equal(entry.modules, ['mcp.rego']);
  assert.equal(reports, [report]);
  await rm(dir, { recursive: true });
});

test('a reload of sources that hash to the digest in force compiles and swaps nothing, and is journaled as unchanged', async () => {
  const dir = await tempDir(GOOD);
  const store = new PolicyStore();
  const journal = recorder();
  await reloadPolicy({ dir, store, journal });
  const inForce = store.current;
  const report = await reloadPolicy({ dir, store, journal });
  assert.ok(report.ok && report.unchanged);
  assert.is(store.current, inForce);
  assert.equal({ ...journal.entries[1], duration_ms: 0 }, {
    kind: 'policy-load', ok: true, policy_digest: inForce?.digest, previous_digest: inForce?.digest, modules: ['mcp.rego'], duration_ms: 0, unchanged: true,
  });
  // An edit is built and swapped in; putting the old text back is an edit too.
  await writeFile(path.join(dir, 'mcp.rego'), `${GOOD}# edited\n`);
  const edited = await reloadPolicy({ dir, store, journal });
  assert.ok(edited.ok && !edited.unchanged);
  assert.is.not(store.current, inForce);
  await writeFile(path.join(dir, 'mcp.rego'), GOOD);
  const reverted = await reloadPolicy({ dir, store, journal });
  assert.ok(reverted.ok && !reverted.unchanged && reverted.digest === inForce?.digest);
  await rm(dir, { recursive: true });
});

test('a first load built on this thread gives what the worker gives: digest, warnings, decisions, diagnostics', async () => {
  const noAllow = 'package mcp\nimport rego.v1\ndeny contains "x" if input.method == "ping"\n';
  for (const rego of [GOOD, noAllow, BROKEN]) {
    const dir = await tempDir(rego);
    const [here, there] = [new PolicyStore(), new PolicyStore()];
    const [a, b] = [await reloadPolicy({ dir, store: here, here: true }), await reloadPolicy({ dir, store: there })];
    const shape = (r: PolicyLoadReport): unknown => (r.ok ? { ...r, durationMs: 0 } : { ...r, durationMs: 0 });
    assert.equal(shape(a), shape(b), rego);
    if (a.ok) {
      const ping = buildInput({ jsonrpc: '2.0', id: 1, method: 'ping' }, context());
      assert.equal(here.decide(ping).verdict, there.decide(ping).verdict);
    }
    await rm(dir, { recursive: true });
  }
});

test('a broken edit keeps the last good policy and is journaled with its diagnostics', async () => {
  const dir = await tempDir(GOOD);
  const store = new PolicyStore();
  const journal = recorder();
  await reloadPolicy({ dir, store, journal });
  const good = store.current;
  await writeFile(path.join(dir, 'mcp.rego'), BROKEN);
  const report = await reloadPolicy({ dir, store, journal });
  assert.not.ok(report.ok);
  if (!report.ok) {
    assert.is(report.errors[0]!.code, 'rego_parse_error');
    assert.is(report.keptDigest, good?.digest ?? null);
    assert.match(report.attemptedDigest ?? '', /^sha256:/);
  }
  assert.is(store.current, good);
  const entry = journal.entries[1]!;
  assert.is(entry.ok, false);
  assert.match(String(entry.error), /mcp\.rego:\d+:\d+: rego_parse_error/);
  assert.equal(entry.error_codes, ['rego_parse_error']);
  assert.is(entry.kept_digest, good?.digest);
  await rm(dir, { recursive: true });
});

test('an edit that puts data at a rule\'s path, or a rule at a data path, keeps the last good policy and says why', async () => {
  const dir = await tempDir(GOOD);
  const beside = 'mcp:\n  limits: {calls: 3}\nconfig: {x: 1}\n';
  await writeFile(path.join(dir, 'data.yaml'), beside);
  const store = new PolicyStore();
  const journal = recorder();
  assert.ok((await reloadPolicy({ dir, store, journal })).ok, 'data beside the rules loads');
  const good = store.current;
  const edits = [
    { file: 'data.yaml', text: 'mcp:\n  allow: true\n', error: 'mcp.rego:3:1: rego_compile_error: conflicting rule for data path mcp/allow found' },
    { file: 'data.yaml', text: 'mcp: off\n', error: 'mcp.rego:3:1: rego_compile_error: conflicting rule for data path mcp/allow found' },
    { file: 'config.rego', text: 'package config\n\nx := 2\n', error: 'config.rego:3:1: rego_compile_error: conflicting rule for data path config/x found' },
  ];
  for (const edit of edits) {
    await writeFile(path.join(dir, 'data.yaml'), beside);
    await writeFile(path.join(dir, edit.file), edit.text);
    const report = await reloadPolicy({ dir, store, journal });
    assert.ok(!report.ok && report.keptDigest === good?.digest, edit.text);
    assert.is(store.current, good);
    const entry = journal.entries.at(-1)!;
    assert.is(entry.error, edit.error);
    assert.equal(entry.error_codes, ['rego_compile_error']);
  }
  const ping = buildInput({ jsonrpc: '2.0', id: 1, method: 'ping' }, context());
  assert.is(store.decide(ping).verdict.allowed, true);
  await rm(dir, { recursive: true });
});

test('a --data file at a rule\'s path fails a first load built on this thread: nothing is put in force', async () => {
  const dir = await tempDir(GOOD);
  const dataFile = path.join(dir, '..', `${path.basename(dir)}.json`);
  await writeFile(dataFile, JSON.stringify({ mcp: { allow: true } }));
  const store = new PolicyStore();
  const report = await reloadPolicy({ dir, dataFile, store, here: true });
  assert.ok(!report.ok);
  assert.equal(report.errors, [{ code: 'rego_compile_error', message: 'conflicting rule for data path mcp/allow found', location: { file: 'mcp.rego', row: 3, col: 1 } }]);
  assert.is(store.current, undefined);
  await rm(dir, { recursive: true });
  await rm(dataFile);
});

test('a report names the digest of the files it read: also when they do not parse, null when they could not be read', async () => {
  const dir = await tempDir(GOOD);
  const store = new PolicyStore();
  const good = await reloadPolicy({ dir, store });
  await writeFile(path.join(dir, 'data.yaml'), 'allowed: [ping\n');
  const broken = await reloadPolicy({ dir, store });
  assert.ok(good.ok && !broken.ok);
  assert.match(good.filesDigest, /^sha256:/);
  assert.match(broken.filesDigest ?? '', /^sha256:/);
  assert.is.not(broken.filesDigest, good.filesDigest);
  assert.is(broken.attemptedDigest, null, 'no policy digest without parsed data');
  await rm(dir, { recursive: true });
  const gone = await reloadPolicy({ dir, store });
  assert.ok(!gone.ok && gone.filesDigest === null);
});

test('a missing directory is a reported failure', async () => {
  const store = new PolicyStore();
  const report = await reloadPolicy({ dir: path.join(tmpdir(), 'warden-no-such-dir-x'), store });
  assert.not.ok(report.ok);
  assert.is(store.current, undefined);
});

test('a journal failure rejects and swaps nothing (fail closed)', async () => {
  const dir = await tempDir(GOOD);
  const store = new PolicyStore();
  const journal = { append: async () => { throw new Error('fsync failed'); } };
  try {
    await reloadPolicy({ dir, store, journal });
    assert.unreachable('should reject');
  } catch (error) {
    assert.match((error as Error).message, 'fsync failed');
  }
  assert.is(store.current, undefined);
  await rm(dir, { recursive: true });
});

test.run();
