import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { watchPolicyDir } from '../../../engine/policy/watcher.js';
import { reloadPolicy, type PolicyLoadReport } from '../../../engine/policy/reload.js';
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
  const options = { dir, store, journal, onReport: (r: PolicyLoadReport) => reports.push(r), debounceMs: 50 };
  await reloadPolicy(options);
  const watcher = watchPolicyDir(options);
  await watcher.ready;
  try {
    await writeFile(path.join(dir, 'mcp.rego'), policy('tools/list'));
    await waitFor(() => reports.length >= 2);
    await watcher.settled();
    assert.ok(reports[1]!.ok);
    assert.is(store.decide(request('tools/list')).verdict.allowed, true);
    assert.is(store.decide(request('ping')).verdict.allowed, false);

    const good = store.current;
    await writeFile(path.join(dir, 'mcp.rego'), 'package mcp\nallow if {\n');
    await waitFor(() => reports.length >= 3);
    await watcher.settled();
    assert.not.ok(reports[2]!.ok);
    assert.is(store.current, good);
    assert.equal(entries.map((e) => e.ok), [true, true, false]);

    await writeFile(path.join(dir, 'notes.txt'), 'not a policy');
    await writeFile(path.join(dir, 'mcp_test.rego'), 'package mcp_test\n');
    await new Promise((r) => setTimeout(r, 300));
    assert.is(reports.length, 3, 'tests and other files do not trigger a reload');
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
  await watcher.ready;
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

test.run();
