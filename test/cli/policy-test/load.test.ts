/**
 * The loader reads tests too and places data files by their directory, as `opa test` does.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LoadError, loadTestSources } from '../../../cli/policy-test/load.js';

let dir = '';
test.before.each(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'warden-policy-test-'));
});
test.after.each(() => rm(dir, { recursive: true, force: true }));

test('reads every .rego including *_test.rego, skips dot entries, places every data file by directory, as OPA\'s loader does', async () => {
  await mkdir(path.join(dir, 'a/b'), { recursive: true });
  await mkdir(path.join(dir, '.hidden'));
  await writeFile(path.join(dir, 'p.rego'), 'package p');
  await writeFile(path.join(dir, 'a/p_test.rego'), 'package p_test');
  await writeFile(path.join(dir, '.hidden/x.rego'), 'package x');
  await writeFile(path.join(dir, 'data.json'), '{"top": 1, "a": {"x": 2}}');
  await writeFile(path.join(dir, 'a/b/data.yml'), 'c: 3');
  await writeFile(path.join(dir, 'a/other.json'), '{"any_name": true}');
  await writeFile(path.join(dir, 'a/notes.txt'), 'not data');
  const { modules, data } = await loadTestSources([dir]);
  assert.equal(Object.keys(modules), [`${dir}/a/p_test.rego`, `${dir}/p.rego`]);
  assert.equal(data, { top: 1, a: { x: 2, any_name: true, b: { c: 3 } } });
});

test('data holding integers past 2^53 comes with its exact JSON, merged as the data is', async () => {
  await mkdir(path.join(dir, 'a'));
  await writeFile(path.join(dir, 'data.json'), '{"ids": [12345678901234567891]}');
  await writeFile(path.join(dir, 'a/data.yaml'), 'limit: 18446744073709551615\nname: x\n');
  const { data, exactData } = await loadTestSources([dir]);
  assert.equal(data, { ids: [12345678901234567891], a: { limit: 18446744073709551615, name: 'x' } });
  assert.is(exactData, '{"a":{"limit":18446744073709551615,"name":"x"},"ids":[12345678901234567891]}');
  await writeFile(path.join(dir, 'data.json'), '{"ids": [1]}');
  await writeFile(path.join(dir, 'a/data.yaml'), 'name: x\n');
  assert.is((await loadTestSources([dir])).exactData, undefined);
});

test('a data file named as a path merges at the root', async () => {
  await writeFile(path.join(dir, 'cases.yaml'), 'test_cases: {one: 1}');
  const { data } = await loadTestSources([path.join(dir, 'cases.yaml')]);
  assert.equal(data, { test_cases: { one: 1 } });
});

test('two files defining one value, a bad data file, a missing path: LoadError', async () => {
  await mkdir(path.join(dir, 'a'));
  await writeFile(path.join(dir, 'data.json'), '{"a": 1}');
  await writeFile(path.join(dir, 'a/data.json'), '{"x": 2}');
  assert.match(await loadError([dir]), 'merge error: data.a');
  await writeFile(path.join(dir, 'data.json'), '{');
  assert.match(await loadError([dir]), 'cannot parse data file');
  assert.match(await loadError([path.join(dir, 'nope')]), 'nope: does not exist; expected');
});

async function loadError(paths: string[]): Promise<string> {
  const error: unknown = await loadTestSources(paths).then(() => undefined, (e: unknown) => e);
  assert.instance(error, LoadError);
  return (error as LoadError).message;
}

test.run();
