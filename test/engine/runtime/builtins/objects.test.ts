import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const cases: BuiltinCase[] = [
  ['builtin_object_get', ['{"a": 1}', '"a"', '0'], '1'],
  ['builtin_object_get', ['{"a": 1}', '"b"', '0'], '0'],
  ['builtin_object_get', ['{"a": {"b": [5, 6]}}', '["a", "b", 1]', 'null'], '6'],
  ['builtin_object_get', ['{"a": {"b": 1}}', '["a", "x"]', '"d"'], '"d"'],
  ['builtin_object_get', ['{"a": 1}', '[]', '"d"'], '{"a":1}'],
  ['builtin_object_get', ['[1]', '0', '"d"'], undefined],
  ['builtin_object_keys', ['{"b": 1, "a": 2}'], '{"a","b"}'],
  ['builtin_object_keys', ['{}'], 'set()'],
  ['builtin_object_remove', ['{"a": 1, "b": 2, "c": 3}', '["a", "x"]'], '{"b":2,"c":3}'],
  ['builtin_object_remove', ['{"a": 1, "b": 2}', '{"b"}'], '{"a":1}'],
  ['builtin_object_remove', ['{"a": 1, "b": 2}', '{"a": 0}'], '{"b":2}'],
  ['builtin_object_remove', ['{"a": 1}', '"a"'], undefined],
  ['builtin_object_filter', ['{"a": 1, "b": 2, "c": 3}', '["a", "c"]'], '{"a":1,"c":3}'],
  ['builtin_object_filter', ['{1: 1, "b": 2}', '{1}'], '{1:1}'],
  ['builtin_object_union', ['{"a": {"x": 1}, "b": 1}', '{"a": {"y": 2}, "b": 2}'], '{"a":{"x":1,"y":2},"b":2}'],
  ['builtin_object_union', ['{"a": {"x": 1}}', '{"a": 3}'], '{"a":3}'],
  ['builtin_object_union', ['{}', '[]'], undefined],
];

builtinCases(test, loadRuntime(), cases);
test.run();
