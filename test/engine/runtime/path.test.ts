import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

const rt = loadRuntime();
const ex = rt.exports;

test('add_path creates objects along the way and replaces leaves', () => {
  const base = rt.json('{"a":{"x":1}}');
  assert.is(ex.opa_value_add_path(base, rt.json('["a","b","c"]'), rt.json('2')), 0);
  assert.is(ex.opa_value_add_path(base, rt.json('["a","x"]'), rt.json('3')), 0);
  assert.is(rt.dump(base), '{"a":{"b":{"c":2},"x":3}}');
  assert.is(ex.opa_value_add_path(base, rt.json('["a","x","z"]'), rt.json('3')), 2);
  assert.is(ex.opa_value_add_path(base, rt.json('[]'), rt.json('3')), 3);
});

test('remove_path deletes the key, reports missing paths', () => {
  const base = rt.json('{"a":{"b":1,"c":2}}');
  assert.is(ex.opa_value_remove_path(base, rt.json('["a","b"]')), 0);
  assert.is(rt.dump(base), '{"a":{"c":2}}');
  assert.is(ex.opa_value_remove_path(base, rt.json('["a","zz"]')), 3);
  assert.is(ex.opa_value_remove_path(base, rt.json('["q","zz"]')), 3);
});

test('upsert_path copies along the path and leaves base untouched', () => {
  const base = rt.json('{"a":{"b":1},"k":[1]}');
  const out = ex.warden_upsert_path(base, rt.json('["a","c"]'), rt.json('2'));
  assert.is(rt.dump(out), '{"a":{"b":1,"c":2},"k":[1]}');
  assert.is(rt.dump(base), '{"a":{"b":1},"k":[1]}');
  assert.is(rt.dump(ex.warden_upsert_path(0, rt.json('["x"]'), rt.json('true'))), '{"x":true}');
  assert.is(rt.dump(ex.warden_upsert_path(rt.json('{"a":5}'), rt.json('["a","b"]'), rt.json('1'))), '{"a":{"b":1}}');
});

test.run();
