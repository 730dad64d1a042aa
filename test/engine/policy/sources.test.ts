import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isPolicyModule, readPolicyDir } from '../../../engine/policy/sources.js';
import { PolicyLoadError } from '../../../engine/policy/errors.js';

async function dir(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'warden-sources-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  return root;
}

test('reads modules recursively, skipping tests and hidden entries', async () => {
  const root = await dir({
    'mcp.rego': 'package mcp', 'mcp_test.rego': 'package mcp_test', 'lib/util.rego': 'package lib',
    '.git/x.rego': 'package hidden', 'README.md': '# no',
  });
  const s = await readPolicyDir(root);
  assert.equal(Object.keys(s.modules), ['lib/util.rego', 'mcp.rego']);
  assert.is(s.modules['mcp.rego'], 'package mcp');
  assert.equal(s.data, {});
  assert.is(s.dataFile, null);
  await rm(root, { recursive: true });
});

test('YAML and JSON data files', async () => {
  const yaml = await dir({ 'a.rego': 'package a', 'data.yaml': 'config:\n  allowed_commands: [ls]\n' });
  assert.equal((await readPolicyDir(yaml)).data, { config: { allowed_commands: ['ls'] } });
  const json = await dir({ 'data.json': '{"x": 1}' });
  const s = await readPolicyDir(json);
  assert.equal(s.data, { x: 1 });
  assert.is(s.dataFile, 'data.json');
  await Promise.all([rm(yaml, { recursive: true }), rm(json, { recursive: true })]);
});

test('data holding integers past 2^53 comes with its exact JSON; other data without', async () => {
  const big = await dir({ 'data.yaml': 'config:\n  blocked: [12345678901234567891, 7]\n' });
  const s = await readPolicyDir(big);
  assert.equal(s.data, { config: { blocked: [12345678901234567891, 7] } });
  assert.is(s.exactData, '{"config":{"blocked":[12345678901234567891,7]}}');
  const plain = await dir({ 'data.json': '{"ids": [9007199254740991]}' });
  assert.is((await readPolicyDir(plain)).exactData, undefined);
  await Promise.all([rm(big, { recursive: true }), rm(plain, { recursive: true })]);
});

test('a data number past a double\'s range is a load error naming the file', async () => {
  const root = await dir({ 'data.json': '{"x": 1e400}' });
  try {
    await readPolicyDir(root);
    assert.unreachable('loaded');
  } catch (error) {
    assert.instance(error, PolicyLoadError);
    assert.match((error as Error).message, /data\.json.*too large for a double/);
  }
  await rm(root, { recursive: true });
});

for (const [note, files, message] of [
  ['two data files', { 'data.json': '{}', 'data.yaml': '{}' }, 'only one data file'],
  ['unparsable data', { 'data.json': '{' }, 'cannot parse data file'],
  ['data that is not an object', { 'data.yaml': '- 1' }, 'must hold an object'],
  // As OPA's loader refuses it; while an editor truncates the file and writes it again, a reload
  // keeps the policy in force rather than running it with no data.
  ['an empty data file', { 'data.yml': '' }, 'must hold an object'],
] as const) {
  test(`rejects ${note}`, async () => {
    const root = await dir(files);
    try {
      await readPolicyDir(root);
      assert.unreachable('should reject');
    } catch (error) {
      assert.instance(error, PolicyLoadError);
      assert.match((error as PolicyLoadError).errors[0]!.message, message);
      assert.is((error as PolicyLoadError).errors[0]!.code, 'rego_compile_error');
    } finally {
      await rm(root, { recursive: true });
    }
  });
}

test('isPolicyModule', () => {
  assert.ok(isPolicyModule('a/b.rego'));
  assert.not.ok(isPolicyModule('b_test.rego'));
  assert.not.ok(isPolicyModule('b.rego.bak'));
});

test.run();
