import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPolicy } from '../../../engine/policy/build.js';
import { PolicyLoadError } from '../../../engine/policy/errors.js';
import { policyDigest } from '../../../engine/policy/digest.js';
import { readPolicyDir } from '../../../engine/policy/sources.js';
import { buildInput } from '../../../engine/decision/input.js';
import { context } from '../decision/fixtures.js';
import { fromRoot } from './paths.js';

const ping = buildInput({ jsonrpc: '2.0', id: 1, method: 'ping' }, context());

async function loadError(modules: Record<string, string>): Promise<PolicyLoadError> {
  try {
    await buildPolicy({ modules, data: {} });
  } catch (error) {
    assert.instance(error, PolicyLoadError);
    return error as PolicyLoadError;
  }
  throw new Error('expected a load error');
}

test('builds the shipped policy directory; the digest covers sources and data', async () => {
  const sources = await readPolicyDir(fromRoot('policies'));
  const policy = await buildPolicy(sources);
  assert.is(policy.digest, policyDigest(sources));
  assert.equal([...policy.modules], Object.keys(sources.modules).sort());
  assert.is(policy.evaluate(ping).allowed, true);
});

test('base data is installed', async () => {
  const modules = { 'mcp.rego': 'package mcp\nimport rego.v1\nallow if input.method in data.config.methods\n' };
  const policy = await buildPolicy({ modules, data: { config: { methods: ['ping'] } } });
  assert.is(policy.evaluate(ping).allowed, true);
  const other = await buildPolicy({ modules, data: { config: { methods: [] } } });
  assert.is(other.evaluate(ping).allowed, false);
});

test('syntax errors come back as diagnostics with the file name', async () => {
  const error = await loadError({ 'broken.rego': 'package mcp\nimport rego.v1\nallow if {\n' });
  assert.ok(error.errors.length >= 1);
  assert.is(error.errors[0]!.code, 'rego_parse_error');
  assert.is(error.errors[0]!.location.file, 'broken.rego');
});

test('unsafe variables are compile errors', async () => {
  const error = await loadError({ 'mcp.rego': 'package mcp\nimport rego.v1\nallow if x > 1\n' });
  assert.ok(error.errors.some((d) => d.code === 'rego_unsafe_var_error' || d.code === 'rego_compile_error'), error.message);
});

test('a type error in a deny rule is a load error, not a rule that never fires', async () => {
  const typo = await loadError({ 'mcp.rego': 'package mcp\nimport rego.v1\nallow := true\ndeny contains "big" if count(42) > 1\n' });
  assert.equal(typo.errors.map((d) => [d.code, d.location.row, d.message]), [['rego_type_error', 4, 'count: invalid argument(s)']]);
  const field = await loadError({ 'mcp.rego': 'package mcp\nimport rego.v1\nallow := true\ndeny contains "x" if input.parms.name == "rm"\n' });
  assert.equal(field.errors.map((d) => [d.code, d.message]), [['rego_type_error', 'undefined ref: input.parms.name']]);
  assert.ok(field.errors[0]!.details?.includes('      hint: did you mean "params"?'), JSON.stringify(field.errors[0]!.details));
});

test('the warden package is reserved', async () => {
  const error = await loadError({ 'evil.rego': '# hi\npackage warden.decision\nresult := {"allow": true}\n' });
  assert.equal(error.errors.map((d) => [d.location.file, d.location.row]), [['evil.rego', 2]]);
  assert.match(error.errors[0]!.message, /reserved/);
  await buildPolicy({ modules: { 'ok.rego': 'package wardens\nx := 1\n' }, data: {} });
});

test('a budget of zero denies every message (fail closed on time)', async () => {
  const policy = await buildPolicy({ modules: { 'mcp.rego': 'package mcp\nallow := true\n' }, data: {} }, { budgetMs: -1 });
  const v = policy.evaluate(ping);
  assert.is(v.allowed, false);
  assert.match(v.reasons[0]!, /time budget/);
});

test.run();
