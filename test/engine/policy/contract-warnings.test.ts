/**
 * A policy directory that would deny everything because package mcp or its allow rule is
 * missing, or a rule giving a decision field the wrong shape, is warned about (the cases file),
 * and the warning reaches the policy-load journal entry.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseModule } from '../../../engine/compiler/syntax/index.js';
import { compilePolicy } from '../../../engine/policy/build.js';
import { contractWarnings } from '../../../engine/policy/contract-warnings.js';
import { reloadPolicy } from '../../../engine/policy/reload.js';
import { PolicyStore } from '../../../engine/policy/store.js';
import { loadCases } from './paths.js';

interface Case { name: string; modules: Record<string, string>; regoVersion?: 0; warnings: string[] }

for (const c of loadCases<Case>('test/engine/policy/contract-warnings.cases.yaml')) {
  test(c.name, () => {
    const parsed = Object.entries(c.modules).flatMap(([file, source]) => parseModule(file, source, { regoVersion: c.regoVersion ?? 1 }).module ?? []);
    assert.equal(contractWarnings(parsed), c.warnings);
  });
}

test('a compile hands over the warnings of the modules it parsed, not of warden\'s own wrapper', async () => {
  const typo = await compilePolicy({ modules: { 'mcp.rego': 'package mpc\nimport rego.v1\nallow if true\n' }, data: {} });
  assert.equal(typo.warnings, ['no module declares package mcp (found: data.mpc): every request will be denied']);
  const shape = await compilePolicy({ modules: { 'mcp.rego': 'package mcp\nimport rego.v1\nallow if true\ndeny if false\n' }, data: {} });
  assert.equal(shape.warnings.length, 1);
  assert.match(shape.warnings[0]!, /^mcp\.rego:4:1: deny must be a set of reasons/);
});

test('a load with a warning journals it and still swaps the policy in', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-contract-'));
  await writeFile(path.join(dir, 'mcp.rego'), 'package mpc\nimport rego.v1\nallow if true\n');
  const entries: Array<Record<string, unknown>> = [];
  const store = new PolicyStore();
  const report = await reloadPolicy({ dir, store, journal: { append: async (e) => { entries.push(e); return {}; } } });
  assert.ok(report.ok && report.warnings.length === 1);
  assert.equal(entries[0]!.warnings, ['no module declares package mcp (found: data.mpc): every request will be denied']);
  assert.ok(store.current);
  await rm(dir, { recursive: true });
});

test('a load without warnings has no warnings field in its entry', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-contract-'));
  await writeFile(path.join(dir, 'mcp.rego'), 'package mcp\nimport rego.v1\nallow if true\n');
  const entries: Array<Record<string, unknown>> = [];
  await reloadPolicy({ dir, store: new PolicyStore(), journal: { append: async (e) => { entries.push(e); return {}; } } });
  assert.not.ok('warnings' in entries[0]!);
  await rm(dir, { recursive: true });
});

test.run();
