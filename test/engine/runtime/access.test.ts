import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

const rt = loadRuntime();
const ex = rt.exports;

const iterate = (v: number): string[] => {
  const keys: string[] = [];
  for (let k = ex.opa_value_iter(v, 0); k; k = ex.opa_value_iter(v, k)) keys.push(rt.dumpValue(k));
  return keys;
};

test('get by index, key and member', () => {
  const arr = rt.json('["a","b"]');
  assert.is(rt.dump(ex.opa_value_get(arr, rt.json('1'))), '"b"');
  assert.is(rt.dump(ex.opa_value_get(arr, rt.json('1.0'))), '"b"');
  assert.is(ex.opa_value_get(arr, rt.json('2')), 0);
  assert.is(ex.opa_value_get(arr, rt.json('-1')), 0);
  assert.is(ex.opa_value_get(arr, rt.json('0.5')), 0);
  assert.is(ex.opa_value_get(arr, rt.json('"0"')), 0);
  const obj = rt.json('{"x":{"y":1}}');
  assert.is(rt.dump(ex.opa_value_get(obj, rt.str('x'))), '{"y":1}');
  assert.is(ex.opa_value_get(obj, rt.str('y')), 0);
  const set = rt.value('{"m", 2}');
  assert.is(rt.dump(ex.opa_value_get(set, rt.json('2.0'))), '2');
  assert.is(ex.opa_value_get(set, rt.json('3')), 0);
  assert.is(ex.opa_value_get(rt.str('abc'), rt.json('0')), 0);
});

test('length: collections by element, strings by code point', () => {
  assert.is(ex.opa_value_length(rt.json('[1,2,3]')), 3);
  assert.is(ex.opa_value_length(rt.json('{"a":1}')), 1);
  assert.is(ex.opa_value_length(rt.value('{1,2}')), 2);
  assert.is(ex.opa_value_length(rt.str('héllo😀')), 6);
  assert.is(ex.opa_value_length(rt.json('1')), 0);
});

test('iteration is ordered: indexes, sorted keys, sorted members', () => {
  assert.equal(iterate(rt.json('["x","y","z"]')), ['0', '1', '2']);
  assert.equal(iterate(rt.json('{"b":1,"a":2,"c":3}')), ['"a"', '"b"', '"c"']);
  assert.equal(iterate(rt.value('{3, "a", 1}')), ['1', '3', '"a"']);
  assert.equal(iterate(rt.json('[]')), []);
  assert.equal(iterate(rt.json('"abc"')), []);
});

test('types and booleans', () => {
  const types = ['null', 'true', '1', '"s"', '[]', '{}', 'set()'].map((t) => ex.opa_value_type(rt.value(t)));
  assert.equal(types, [1, 2, 3, 4, 5, 6, 7]);
  assert.is(ex.opa_value_boolean(ex.opa_boolean(1)), 1);
  assert.is(ex.opa_value_boolean(ex.opa_boolean(0)), 0);
});

test.run();
