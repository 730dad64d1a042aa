import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { watchPolicyDir, type PolicyWatcher } from '../../../engine/policy/watcher.js';
import type { PolicyLoadReport } from '../../../engine/policy/reload.js';
import { PolicyStore } from '../../../engine/policy/store.js';
import { buildInput } from '../../../engine/decision/input.js';
import { context } from '../decision/fixtures.js';

const policy = (method: string): string => `package mcp\nimport rego.v1\nallow if input.method == "${method}"\n`;
const request = (method: string) => buildInput({ jsonrpc: '2.0', id: 1, method }, context());

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('recompiles on change, keeps the last good policy on a broken edit, journals both', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-watch-'));
  await writeFile(path.join(dir, 'mcp.rego'), policy('ping'));
  const store = new PolicyStore();
  const entries: Array<Record<string, unknown>> = [];
  const journal = { append: async (e: Record<string, unknown>) => { entries.push(e); return {}; } };
  const reports: PolicyLoadReport[] = [];
  const watcher = watchPolicyDir({ dir, store, journal, onReport: (r: PolicyLoadReport) => reports.push(r), debounceMs: 50 });
  assert.ok((await watcher.loaded).ok);
  await watcher.ready;
  try {
    assert.is(reports.length, 0, 'the first load is the caller\'s to report');
    await writeFile(path.join(dir, 'mcp.rego'), policy('tools/list'));
    await waitFor(() => reports.length >= 1);
    await watcher.settled();
    assert.ok(reports[0]!.ok);
    assert.is(store.decide(request('tools/list')).verdict.allowed, true);
    assert.is(store.decide(request('ping')).verdict.allowed, false);

    const good = store.current;
    await writeFile(path.join(dir, 'mcp.rego'), 'package mcp\nallow if {\n');
    await waitFor(() => reports.length >= 2);
    await watcher.settled();
    assert.not.ok(reports[1]!.ok);
    assert.is(store.current, good);
    assert.equal(entries.map((e) => e.ok), [true, true, false]);

    await writeFile(path.join(dir, 'notes.txt'), 'not a policy');
    await writeFile(path.join(dir, 'mcp_test.rego'), 'package mcp_test\n');
    await new Promise((r) => setTimeout(r, 300));
    assert.is(reports.length, 2, 'tests and other files do not trigger a reload');
  } finally {
    await watcher.close();
    await rm(dir, { recursive: true });
  }
});

/**
 * A Kubernetes ConfigMap volume as the kubelet's atomic writer keeps it: the files are links into
 * `..data`, itself a link to a hidden directory per version, and an update writes a new version
 * directory, points a new link at it and renames that over `..data` in one step.
 */
async function configMapVersion(dir: string, version: string, files: Record<string, string>): Promise<void> {
  const versionDir = path.join(dir, `..${version}`);
  await mkdir(path.join(versionDir, 'lib'), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(versionDir, name), text);
  await symlink(`..${version}`, path.join(dir, '..data_tmp'));
  await rename(path.join(dir, '..data_tmp'), path.join(dir, '..data'));
}

test('a ConfigMap volume loads through its links, and an update swapping ..data reloads', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-watch-'));
  await configMapVersion(dir, '2026_12_07_v1', { 'mcp.rego': policy('ping'), 'lib/extra.rego': 'package mcp\nimport rego.v1\nallow if input.method == "resources/list"\n' });
  await symlink('..data/mcp.rego', path.join(dir, 'mcp.rego'));
  await symlink('..data/lib', path.join(dir, 'lib'));
  const store = new PolicyStore();
  const reports: PolicyLoadReport[] = [];
  const watcher = watchPolicyDir({ dir, store, onReport: (r: PolicyLoadReport) => reports.push(r), debounceMs: 50 });
  const first = await watcher.loaded;
  await watcher.ready;
  try {
    assert.ok(first.ok);
    assert.equal(first.ok && first.modules, ['lib/extra.rego', 'mcp.rego']);
    assert.is(store.decide(request('ping')).verdict.allowed, true);
    assert.is(store.decide(request('resources/list')).verdict.allowed, true);
    await configMapVersion(dir, '2026_12_07_v2', { 'mcp.rego': policy('tools/list'), 'lib/extra.rego': 'package mcp\n' });
    await rm(path.join(dir, '..2026_12_07_v1'), { recursive: true });
    await waitFor(() => reports.some((r) => r.ok && !r.unchanged));
    await watcher.settled();
    assert.is(store.decide(request('tools/list')).verdict.allowed, true);
    assert.is(store.decide(request('ping')).verdict.allowed, false);
    assert.is(store.decide(request('resources/list')).verdict.allowed, false);
  } finally {
    await watcher.close();
    await rm(dir, { recursive: true });
  }
});

test('a link to nothing named as a module fails the load, naming it', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-watch-'));
  await writeFile(path.join(dir, 'mcp.rego'), policy('ping'));
  await symlink('gone/deny.rego', path.join(dir, 'deny.rego'));
  const watcher = watchPolicyDir({ dir, store: new PolicyStore(), debounceMs: 50 });
  try {
    const first = await watcher.loaded.then((r) => r, (error: unknown) => error);
    assert.ok(first instanceof Error || !(first as PolicyLoadReport).ok);
    assert.match(String(first instanceof Error ? first.message : JSON.stringify(first)), /deny\.rego/);
  } finally {
    await watcher.close();
    await rm(dir, { recursive: true });
  }
});

test('a Rego v0 policy (regoVersion 0) loads and reloads as v0', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-watch-v0-'));
  const v0 = (method: string): string => `package mcp\n\nallow {\n\tinput.method == "${method}"\n}\n`;
  await writeFile(path.join(dir, 'mcp.rego'), v0('ping'));
  const store = new PolicyStore();
  const reports: PolicyLoadReport[] = [];
  const watcher = watchPolicyDir({ dir, store, regoVersion: 0, onReport: (r: PolicyLoadReport) => reports.push(r), debounceMs: 50 });
  try {
    assert.ok((await watcher.loaded).ok);
    await watcher.ready;
    await writeFile(path.join(dir, 'mcp.rego'), v0('tools/list'));
    await waitFor(() => reports.length >= 1);
    await watcher.settled();
    assert.ok(reports[0]!.ok, JSON.stringify(reports[0]));
    assert.is(store.decide(request('tools/list')).verdict.allowed, true);
  } finally {
    await watcher.close();
    await rm(dir, { recursive: true });
  }
});

// The quiet period is longer than the default here: on a loaded machine the four writes alone
// have taken longer than 150 ms, which makes two bursts.
test('a burst of writes is one reload', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-watch-'));
  await writeFile(path.join(dir, 'mcp.rego'), policy('ping'));
  const store = new PolicyStore();
  const reports: PolicyLoadReport[] = [];
  const watcher = watchPolicyDir({ dir, store, onReport: (r) => reports.push(r), debounceMs: 1000 });
  await Promise.all([watcher.loaded, watcher.ready]);
  try {
    for (const method of ['a', 'b', 'c', 'tools/list']) await writeFile(path.join(dir, 'mcp.rego'), policy(method));
    await waitFor(() => reports.length >= 1);
    await new Promise((r) => setTimeout(r, 1500));
    await watcher.settled();
    assert.is(reports.length, 1);
    assert.is(store.decide(request('tools/list')).verdict.allowed, true);
  } finally {
    await watcher.close();
    await rm(dir, { recursive: true });
  }
});

/**
 * The edits made while a load is in progress. Synchronous, so that no watch callback can look
 * between the write and the times; the times stay whole seconds (see pinned) to be put back
 * exactly.
 */
function rewrite(file: string, text: string): void {
  const next = new Date(statSync(file).mtime.getTime() + 1000);
  writeFileSync(file, text);
  utimesSync(file, next, next);
}

/**
 * Rewrites a file and puts its mtime back: chokidar reports a change only when the mtime moved
 * (or atime is not past it), so the watch never reports this edit and only comparing the files
 * read with the disk can find it.
 */
function rewriteUnreported(file: string, text: string): void {
  const { mtime } = statSync(file);
  writeFileSync(file, text);
  utimesSync(file, new Date(mtime.getTime() + 100_000), mtime);
}

async function pinned(file: string, text: string): Promise<void> {
  await writeFile(file, text);
  await utimes(file, 1_700_000_000, 1_700_000_000);
}

/**
 * A journal that makes an edit while it is asked for entry number `at` (from 1): the load that
 * appends it has read its files and compiled, and swaps only once the entry is written, so the
 * edit lands while that load is in progress, every time.
 */
function editingJournal(at: number, edit: () => void) {
  const entries: Array<Record<string, unknown>> = [];
  return {
    entries,
    append: async (entry: Record<string, unknown>) => {
      entries.push(entry);
      if (entries.length === at) edit();
      return {};
    },
  };
}

/** Longer than chokidar takes to report one write: a write and its times are one reload, not two. */
const QUIET_MS = 200;

async function policyDirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-watch-'));
  for (const [name, text] of Object.entries(files)) await pinned(path.join(dir, name), text);
  return dir;
}

/**
 * A watcher over a new directory holding `files`, whose journal's `at`-th entry makes `edit`
 * happen; `body` runs with them, and the watcher and directory are removed after.
 */
async function withEditingWatcher(
  files: Record<string, string>, at: number, edit: (dir: string) => void,
  body: (w: { dir: string; store: PolicyStore; reports: PolicyLoadReport[]; journal: ReturnType<typeof editingJournal>; watcher: PolicyWatcher }) => Promise<void>,
): Promise<void> {
  const dir = await policyDirWith(files);
  const store = new PolicyStore();
  const reports: PolicyLoadReport[] = [];
  const journal = editingJournal(at, () => edit(dir));
  const watcher = watchPolicyDir({ dir, store, journal, onReport: (r) => reports.push(r), debounceMs: QUIET_MS });
  try {
    await body({ dir, store, reports, journal, watcher });
  } finally {
    await watcher.close();
    await rm(dir, { recursive: true });
  }
}

for (const [how, edit] of [['', rewrite], [' that the watch never reports', rewriteUnreported]] as const) {
  test(`an edit${how} made while the first load is in progress is reloaded after it, reported and journaled as a reload`, async () => {
    await withEditingWatcher({ 'mcp.rego': policy('ping') }, 1, (dir) => edit(path.join(dir, 'mcp.rego'), policy('tools/list')), async ({ store, reports, journal, watcher }) => {
      const first = await watcher.loaded;
      assert.ok(first.ok);
      await waitFor(() => reports.length >= 1);
      await watcher.settled();
      assert.is(reports.length, 1);
      const reload = reports[0]!;
      assert.ok(reload.ok && !reload.unchanged && reload.previousDigest === first.digest);
      assert.is(store.decide(request('tools/list')).verdict.allowed, true);
      assert.is(store.decide(request('ping')).verdict.allowed, false);
      assert.equal(journal.entries.map((e) => [e.ok, e.previous_digest]), [[true, null], [true, first.digest]]);
    });
  });

  test(`an edit${how} made while a reload is in progress is reloaded after it`, async () => {
    await withEditingWatcher({ 'mcp.rego': policy('ping') }, 2, (dir) => edit(path.join(dir, 'mcp.rego'), policy('prompts/list')), async ({ dir, store, reports, watcher }) => {
      await Promise.all([watcher.loaded, watcher.ready]);
      await watcher.settled();
      rewrite(path.join(dir, 'mcp.rego'), policy('tools/list'));
      await waitFor(() => reports.length >= 2);
      await watcher.settled();
      assert.equal(reports.map((r) => r.ok && !r.unchanged), [true, true]);
      assert.is(store.decide(request('prompts/list')).verdict.allowed, true);
      assert.is(store.decide(request('tools/list')).verdict.allowed, false);
    });
  });

  test(`a broken data file${how} saved while the first load is in progress is refused after it, the first policy kept and the reason said`, async () => {
    const fromData = 'package mcp\nimport rego.v1\nallow if input.method in data.allowed\n';
    await withEditingWatcher({ 'mcp.rego': fromData, 'data.yaml': 'allowed: [ping]\n' }, 1, (dir) => edit(path.join(dir, 'data.yaml'), 'allowed: [ping\n'), async ({ store, reports, journal, watcher }) => {
      const first = await watcher.loaded;
      assert.ok(first.ok);
      await waitFor(() => reports.length >= 1);
      await watcher.settled();
      assert.is(reports.length, 1, 'refused once, not again and again');
      const refused = reports[0]!;
      assert.ok(!refused.ok && refused.keptDigest === first.digest);
      assert.match(refused.errors[0]!.message, /cannot parse data file/);
      assert.is(store.current?.digest, first.digest);
      assert.is(store.decide(request('ping')).verdict.allowed, true);
      assert.equal(journal.entries.map((e) => e.ok), [true, false]);
    });
  });
}

// As when a start is refused: the watch is closed before it was ever ready.
test('a watcher closed at once finishes its first load, then closes and reloads nothing', async () => {
  const dir = await policyDirWith({ 'mcp.rego': policy('ping') });
  const store = new PolicyStore();
  const reports: PolicyLoadReport[] = [];
  const journal = editingJournal(1, () => rewrite(path.join(dir, 'mcp.rego'), policy('tools/list')));
  const watcher = watchPolicyDir({ dir, store, journal, onReport: (r) => reports.push(r), debounceMs: QUIET_MS });
  try {
    const closing = watcher.close();
    assert.ok((await watcher.loaded).ok);
    await closing;
    assert.is(reports.length, 0);
    assert.is(journal.entries.length, 1);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test.run();
