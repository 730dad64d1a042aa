import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

const rt = loadRuntime();
const ex = rt.exports;

test('floats print shortest round-trip text, integral floats without fraction', () => {
  const cases: Array<[number, string]> = [
    [0.1, '0.1'], [1.5, '1.5'], [3.0, '3'], [-2.0, '-2'], [1 / 3, '0.3333333333333333'], [1e21, '1e+21'],
    [1e20, '100000000000000000000'], [1e-7, '1e-7'], [0.000001, '0.000001'], [-0.0, '0'], [123.456, '123.456'],
    [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'],
  ];
  for (const [f, want] of cases) assert.is(rt.dump(ex.opa_number_float(f)), want, String(f));
});

test('i64 integers print exactly', () => {
  for (const i of [0n, 1n, -1n, 9223372036854775807n, -9223372036854775808n, 9007199254740993n]) {
    assert.is(rt.dump(ex.opa_number_int(i)), i.toString());
  }
});

test('number refs print their text', () => {
  const [p, n] = rt.write('1.50');
  assert.is(rt.dump(ex.opa_number_ref(p, n)), '1.50');
});

test('control characters and quotes are escaped', () => {
  const s = '\u0000a"\\\n\u007f\u001b';
  assert.is(JSON.parse(rt.dump(rt.str(s))), s);
});

test('sets dump as sorted arrays in JSON and as {..} in Rego syntax', () => {
  const s = ex.opa_set();
  for (const t of ['"b"', '2', '[1]', '1', 'null', '{"a":1}', '"a"']) ex.opa_set_add(s, rt.json(t));
  assert.is(rt.dump(s), '[null,1,2,"a","b",[1],{"a":1}]');
  assert.is(rt.dumpValue(s), '{null,1,2,"a","b",[1],{"a":1}}');
});

test('undefined dumps as null rather than crashing', () => {
  assert.is(rt.dump(0), 'null');
});

test.run();
