/**
 * Runs every `test_*` rule of every `*_test.rego` under policies/ against the shipped policy
 * library, through the real compiler and SDK, with policies/data.yaml as the base data document
 * (as `opa test policies/` would load it). Each test rule is an entrypoint and must evaluate to
 * true. `todo_test_*` rules are skipped, as OPA does. Until `warden test` runs in `make test`, this
 * is how the shipped policies are tested.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile } from '../../../engine/compiler/index.js';
import { hostBuiltins } from '../../../engine/builtins/index.js';
import { fromRoot } from './paths.js';

const POLICIES = fromRoot('policies');

interface TestRule {
  file: string;
  entrypoint: string;
}

function regoFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return regoFiles(dir, rel);
    return entry.isFile() && entry.name.endsWith('.rego') ? [rel] : [];
  }).sort();
}

/** The test rules of one test module: `test_*` rule heads at the start of a line, once each. */
function testRules(file: string, source: string): TestRule[] {
  const pkg = /^package\s+([\w.]+)/m.exec(source)?.[1];
  if (pkg === undefined) throw new Error(`${file}: no package line`);
  const names = new Set([...source.matchAll(/^(test_\w+)\b/gm)].map((m) => m[1]!));
  return [...names].map((name) => ({ file, entrypoint: `${pkg.replaceAll('.', '/')}/${name}` }));
}

const files = regoFiles(POLICIES);
const modules = Object.fromEntries(files.map((file) => [file, readFileSync(path.join(POLICIES, file), 'utf8')]));
const testFiles = files.filter((file) => file.endsWith('_test.rego'));
const rules = testFiles.flatMap((file) => testRules(file, modules[file]!));
const data = parseYaml(readFileSync(path.join(POLICIES, 'data.yaml'), 'utf8')) as object;

test('every policy module has a test module beside it', () => {
  const untested = files.filter((file) => !file.endsWith('_test.rego') && !testFiles.includes(file.replace(/\.rego$/, '_test.rego')));
  assert.equal(untested, []);
});

test('every test module has tests', () => {
  const empty = testFiles.filter((file) => !rules.some((rule) => rule.file === file));
  assert.equal(empty, []);
});

const compiled = compile({
  modules,
  entrypoints: rules.map((rule) => rule.entrypoint),
  hostBuiltins: Object.keys(hostBuiltins),
}).then(async (out) => {
  const policy = await loadPolicy(out.wasm as Uint8Array<ArrayBuffer>, undefined, hostBuiltins);
  policy.setData(data);
  return policy;
});
// Reported per test below; this only keeps an early rejection from being "unhandled".
compiled.catch(() => undefined);

test('the shipped policies compile with their tests', async () => {
  await compiled;
});

for (const rule of rules) {
  test(`${rule.file}: ${rule.entrypoint}`, async () => {
    const policy = await compiled;
    assert.equal(policy.evaluate({}, rule.entrypoint), [{ result: true }]);
  });
}

test.run();
