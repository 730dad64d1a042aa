import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

const rt = loadRuntime();
const ex = rt.exports;
const cmp = (a: string, b: string): number => ex.opa_value_compare(rt.value(a), rt.value(b));

// Each list is in ascending order; every pair must compare accordingly.
const ascending = [
  'null', 'false', 'true',
  '-123456789012345678901234567890', '-9223372036854775808', '-1.5', '-1', '0', '0.5', '1', '1.0000001', '2',
  '9007199254740993', '9223372036854775807', '12345678901234567890', '1e30',
  '""', '"A"', '"a"', '"ab"', '"b"', '"é"',
  '[]', '[1]', '[1,2]', '[2]', '["a"]',
  '{}', '{"a":1}', '{"a":1,"b":1}', '{"a":2}', '{"b":0}',
  'set()', '{1}', '{1,2}', '{2}',
];

test('total order across and within types', () => {
  for (let i = 0; i < ascending.length; i++) {
    for (let j = 0; j < ascending.length; j++) {
      const want = Math.sign(i - j);
      assert.is(cmp(ascending[i], ascending[j]), want, `${ascending[i]} vs ${ascending[j]}`);
    }
  }
});

test('numbers are equal by value', () => {
  const equal: Array<[string, string]> = [['1', '1.0'], ['1', '1e0'], ['100', '1e2'], ['0', '-0'], ['2.50', '2.5'],
    ['1e30', '1000000000000000000000000000000'], ['[1, {"a": 2}]', '[1.0, {"a": 2.0}]'], ['{1, 2}', '{2.0, 1.0}']];
  for (const [a, b] of equal) assert.is(ex.opa_value_equal(rt.value(a), rt.value(b)), 1, `${a} == ${b}`);
  assert.is(ex.opa_value_equal(rt.value('1'), rt.value('"1"')), 0);
  assert.is(ex.opa_value_equal(rt.value('9007199254740993'), rt.value('9007199254740992')), 0);
});

test('set and object keys unify numbers by value', () => {
  const s = rt.value('{1, 1.0, 2}');
  assert.is(ex.opa_value_length(s), 2);
  const o = rt.value('{1: "a"}');
  assert.is(rt.dump(ex.opa_value_get(o, rt.value('1.0'))), '"a"');
});

test.run();
