import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

const rt = loadRuntime();
const ex = rt.exports;

test('array_to_set dedupes and sorts; sets pass through; others are undefined', () => {
  assert.is(rt.dumpValue(ex.warden_array_to_set(rt.json('[3,1,3]'))), '{1,3}');
  assert.is(rt.dumpValue(ex.warden_array_to_set(rt.json('[]'))), 'set()');
  assert.is(rt.dumpValue(ex.warden_array_to_set(rt.value('{2}'))), '{2}');
  assert.is(ex.warden_array_to_set(rt.json('1')), 0);
});

test('to_string keeps strings and renders other values as Rego text', () => {
  const s = (v: number): string => {
    const r = ex.warden_to_string(v);
    return rt.dump(r);
  };
  assert.is(s(rt.str('hi')), '"hi"');
  assert.is(s(rt.value('{1, "a"}')), JSON.stringify('{1,"a"}'));
  assert.is(s(rt.json('[1,{"a":null}]')), JSON.stringify('[1,{"a":null}]'));
});

test('string_concat joins bytes, undefined for non-strings', () => {
  assert.is(rt.dump(ex.warden_string_concat(rt.str('ab'), rt.str('cé'))), '"abcé"');
  assert.is(ex.warden_string_concat(rt.str('ab'), rt.json('1')), 0);
});

test.run();
