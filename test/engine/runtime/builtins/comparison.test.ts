import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const cases: BuiltinCase[] = [
  ['builtin_equal', ['1', '1.0'], 'true'],
  ['builtin_equal', ['{"a": [1]}', '{"a": [1.0]}'], 'true'],
  ['builtin_equal', ['1', '"1"'], 'false'],
  ['builtin_neq', ['1', '2'], 'true'],
  ['builtin_neq', ['set()', 'set()'], 'false'],
  ['builtin_lt', ['1', '2'], 'true'],
  ['builtin_lt', ['"a"', '1'], 'false'],
  ['builtin_lt', ['null', 'false'], 'true'],
  ['builtin_lte', ['2', '2.0'], 'true'],
  ['builtin_gt', ['[1, 2]', '[1]'], 'true'],
  ['builtin_gt', ['{1}', '{"a": 1}'], 'true'],
  ['builtin_gte', ['"b"', '"ab"'], 'true'],
  ['builtin_gte', ['12345678901234567890', '12345678901234567891'], 'false'],
];

builtinCases(test, loadRuntime(), cases);
test.run();
