/**
 * Policy reload must not stop silently: deleting and re-creating the policy directory, swapping
 * it for another, or deleting the --data file used to leave the watch on a dead inode, so later
 * edits never loaded. Real directories, real chokidar.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { watchPolicyDir, type WatchOptions } from '../../engine/policy/watcher.js';
import type { PolicyLoadReport } from '../../engine/policy/reload.js';
import { PolicyStore } from '../../engine/policy/store.js';
import { buildInput } from '../../engine/decision/input.js';
import { context } from '../engine/decision/fixtures.js';

const policy = (method: string): string => `package mcp\nimport rego.v1\nallow if input.method == "${method}"\n`;
const fromData = 'package mcp\nimport rego.v1\nallow if input.method in data.allowed\n';
const allows = (store: PolicyStore, method: string) => store.decide(buildInput({ jsonrpc: '2.0', id: 1, method }, context())).verdict.allowed;

async function waitFor(check: () => boolean, ms = 8000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function watched(dir: string, extra: Partial<WatchOptions> = {}) {
  const store = new PolicyStore();
  const entries: Array<Record<string, unknown>> = [];
  const reports: PolicyLoadReport[] = [];
  const options: WatchOptions = {
    dir, store, debounceMs: 40, pollMs: 50, ...extra,
    journal: { append: async (e) => { entries.push(e); return {}; } },
    onReport: (r) => reports.push(r),
  };
  const watcher = watchPolicyDir(options);
  await Promise.all([watcher.loaded, watcher.ready]);
  return { store, entries, reports, watcher };
}

const missingEntries = (entries: Array<Record<string, unknown>>) => entries.filter((e) => e.reason === 'source missing');

test('a deleted and re-created policy directory is reported missing, keeps the policy, and reloads when it is back', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'warden-reload-'));
  const dir = path.join(root, 'policy');
  await mkdir(dir);
  await writeFile(path.join(dir, 'mcp.rego'), policy('ping'));
  const w = await watched(dir);
  try {
    await rm(dir, { recursive: true });
    await waitFor(() => missingEntries(w.entries).length === 1);
    assert.is(allows(w.store, 'ping'), true, 'the last good policy stays in force');
    const said = w.reports.at(-1)!;
    assert.ok(!said.ok && said.errors[0]!.message.startsWith('source missing'));
    assert.equal(missingEntries(w.entries)[0]!.kept_digest, w.store.current!.digest);

    await mkdir(dir);
    await writeFile(path.join(dir, 'mcp.rego'), policy('tools/list'));
    await waitFor(() => allows(w.store, 'tools/list'));
    // and the new directory is watched: a later edit loads too
    await writeFile(path.join(dir, 'mcp.rego'), policy('prompts/list'));
    await waitFor(() => allows(w.store, 'prompts/list'));
    assert.is(missingEntries(w.entries).length, 1, 'missing is said once per absence');
  } finally {
    await w.watcher.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('a directory swapped by rename is watched afresh', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'warden-reload-'));
  const dir = path.join(root, 'policy');
  const next = path.join(root, 'policy.next');
  await mkdir(dir);
  await mkdir(next);
  await writeFile(path.join(dir, 'mcp.rego'), policy('ping'));
  await writeFile(path.join(next, 'mcp.rego'), policy('tools/list'));
  const w = await watched(dir);
  try {
    await rename(dir, path.join(root, 'policy.old'));
    await rename(next, dir);
    await waitFor(() => allows(w.store, 'tools/list'));
    await writeFile(path.join(dir, 'mcp.rego'), policy('resources/list'));
    await waitFor(() => allows(w.store, 'resources/list'));
    // edits to the old directory no longer count
    await writeFile(path.join(root, 'policy.old', 'mcp.rego'), policy('ping'));
    await new Promise((r) => setTimeout(r, 300));
    await w.watcher.settled();
    assert.is(allows(w.store, 'ping'), false);
  } finally {
    await w.watcher.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('a deleted --data file keeps the policy, is journaled, and its return is loaded', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'warden-reload-'));
  const dir = path.join(root, 'policy');
  const data = path.join(root, 'data.json');
  await mkdir(dir);
  await writeFile(path.join(dir, 'mcp.rego'), fromData);
  await writeFile(data, JSON.stringify({ allowed: ['ping'] }));
  const w = await watched(dir, { dataFile: data });
  try {
    assert.is(allows(w.store, 'ping'), true);
    await rm(data);
    await waitFor(() => missingEntries(w.entries).length === 1);
    assert.is(allows(w.store, 'ping'), true);
    await writeFile(data, JSON.stringify({ allowed: ['tools/list'] }));
    await waitFor(() => allows(w.store, 'tools/list'));
    await writeFile(data, JSON.stringify({ allowed: ['prompts/list'] }));
    await waitFor(() => allows(w.store, 'prompts/list'));
    assert.is(allows(w.store, 'ping'), false);
  } finally {
    await w.watcher.close();
    await rm(root, { recursive: true, force: true });
  }
});

test.run();
