/**
 * Lookups in the data and the input are kept for the rest of an evaluation (lookup-cache.ts).
 * What is kept must never be what an object held before it changed, nor what another object at
 * the same address held in an earlier evaluation.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

const rt = loadRuntime();
const ex = rt.exports;
const get = (obj: number, key: string): string | undefined => {
  const v = ex.opa_value_get(obj, rt.str(key)) as number;
  return v ? rt.dump(v) : undefined;
};
const KEY_A = rt.str('a');
const getA = (obj: number): string | undefined => {
  const v = ex.opa_value_get(obj, KEY_A) as number;
  return v ? rt.dump(v) : undefined;
};

/** An evaluation starting now: what is already on the heap is its data and input. */
function begin(): void {
  ex.warden_fuel_start();
}

test('a lookup kept in an evaluation gives the same value again', () => {
  const data = rt.json('{"a": 1, "b": {"c": true}}');
  begin();
  assert.is(getA(data), '1');
  assert.is(getA(data), '1');
  assert.is(get(data, 'missing'), undefined);
  assert.is(get(data, 'missing'), undefined);
});

test('an object of the data changed in place (opa_value_add_path, opa_value_remove_path) is read afresh', () => {
  const data = rt.json('{"a": 1}');
  begin();
  assert.is(getA(data), '1');
  assert.is(ex.opa_value_add_path(data, rt.json('["a"]'), rt.json('2')), 0);
  assert.is(getA(data), '2');
  assert.is(ex.opa_value_remove_path(data, rt.json('["a"]')), 0);
  assert.is(getA(data), undefined);
  assert.is(ex.opa_value_add_path(data, rt.json('["a", "x"]'), rt.json('3')), 0);
  assert.is(getA(data), '{"x":3}');
});

test('an object made during the evaluation is never kept: it may still be built', () => {
  begin();
  const obj = ex.opa_object() as number;
  assert.is(getA(obj), undefined);
  ex.opa_object_insert(obj, KEY_A, rt.json('1'));
  assert.is(getA(obj), '1');
  ex.opa_object_insert(obj, KEY_A, rt.json('2'));
  assert.is(getA(obj), '2');
});

test('another object at the same address in a later evaluation is not read from what was kept', () => {
  const base = ex.opa_heap_ptr_get() as number;
  const first = rt.json('{"a": "first"}');
  begin();
  assert.is(getA(first), '"first"');
  ex.opa_heap_ptr_set(base);
  const second = rt.json('{"a": "second"}');
  assert.is(second, first);
  begin();
  assert.is(getA(second), '"second"');
});

test('outside an evaluation (after a heap reset) nothing is kept', () => {
  const obj = rt.json('{"a": 1}');
  begin();
  ex.opa_heap_ptr_set(ex.opa_heap_ptr_get());
  assert.is(getA(obj), '1');
  ex.opa_object_insert(obj, KEY_A, rt.json('5'));
  assert.is(getA(obj), '5');
});

test.run();
