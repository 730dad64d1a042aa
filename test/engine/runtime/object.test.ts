import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

const rt = loadRuntime();
const ex = rt.exports;

test('insert_once reports conflicts only for different values', () => {
  const o = ex.opa_object();
  assert.is(ex.warden_object_insert_once(o, rt.str('a'), rt.json('1')), 1);
  assert.is(ex.warden_object_insert_once(o, rt.str('a'), rt.json('1.0')), 1);
  assert.is(ex.warden_object_insert_once(o, rt.str('a'), rt.json('2')), 0);
  assert.is(rt.dump(o), '{"a":1}');
});

test('insert keeps keys sorted and replaces existing values', () => {
  const o = ex.opa_object();
  for (const k of ['c', 'a', 'b', 'a']) ex.opa_object_insert(o, rt.str(k), rt.str(k.toUpperCase()));
  ex.opa_object_insert(o, rt.json('1'), rt.json('null'));
  assert.is(rt.dumpValue(o), '{1:null,"a":"A","b":"B","c":"C"}');
  assert.is(ex.opa_value_length(o), 4);
});

test('many inserts in random order stay sorted', () => {
  const o = ex.opa_object();
  const keys = Array.from({ length: 500 }, (_, i) => i).sort(() => Math.random() - 0.5);
  for (const k of keys) ex.opa_object_insert(o, ex.opa_number_int(BigInt(k)), ex.opa_null());
  const dumped = JSON.parse(rt.dump(o)) as Record<string, null>;
  assert.is(Object.keys(dumped).length, 500);
  assert.is(rt.dumpValue(ex.opa_value_iter(o, 0)), '0');
});

test.run();
