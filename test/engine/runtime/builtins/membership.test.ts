import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const cases: BuiltinCase[] = [
  ['builtin_internal_member_2', ['1', '{1}'], 'true'],
  ['builtin_internal_member_2', ['1', '[2, 1.0]'], 'true'],
  ['builtin_internal_member_2', ['1', '{"foo": 1}'], 'true'],
  ['builtin_internal_member_2', ['"foo"', '{"foo": 1}'], 'false'],
  ['builtin_internal_member_2', ['{1, 2}', '[{2, 1}]'], 'true'],
  ['builtin_internal_member_2', ['"a"', '"abc"'], 'false'],
  ['builtin_internal_member_3', ['"foo"', '1', '{"foo": 1}'], 'true'],
  ['builtin_internal_member_3', ['"foo"', '2', '{"foo": 1}'], 'false'],
  ['builtin_internal_member_3', ['1', '"two"', '["one", "two"]'], 'true'],
  ['builtin_internal_member_3', ['0', '"two"', '["one", "two"]'], 'false'],
  ['builtin_internal_member_3', ['5', '"x"', '["x"]'], 'false'],
];

builtinCases(test, loadRuntime(), cases);
test.run();
