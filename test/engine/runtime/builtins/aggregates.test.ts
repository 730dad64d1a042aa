import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const cases: BuiltinCase[] = [
  ['builtin_count', ['[1, 2]'], '2'],
  ['builtin_count', ['{"a": 1}'], '1'],
  ['builtin_count', ['{1, 2, 3}'], '3'],
  ['builtin_count', ['"héllo"'], '5'],
  ['builtin_count', ['1'], undefined],
  ['builtin_sum', ['[1, 2, 3.5]'], '6.5'],
  ['builtin_sum', ['{1, 2}'], '3'],
  ['builtin_sum', ['[]'], '0'],
  ['builtin_sum', ['[9223372036854775807, 1]'], '9223372036854775808'],
  ['builtin_sum', ['[1, "a"]'], undefined],
  ['builtin_product', ['[2, 3, 4]'], '24'],
  ['builtin_product', ['set()'], '1'],
  ['builtin_max', ['[1, 3, 2]'], '3'],
  ['builtin_max', ['[1, "a", null]'], '"a"'],
  ['builtin_max', ['[]'], undefined],
  ['builtin_min', ['{3, 1, 2}'], '1'],
  ['builtin_sort', ['[3, "a", null, [1], 1.5]'], '[null,1.5,3,"a",[1]]'],
  ['builtin_sort', ['{3, 1}'], '[1,3]'],
  ['builtin_sort', ['"x"'], undefined],
  ['builtin_all', ['[true, true]'], 'true'],
  ['builtin_all', ['[true, 1]'], 'false'],
  ['builtin_all', ['[]'], 'true'],
  ['builtin_any', ['{false, true}'], 'true'],
  ['builtin_any', ['[]'], 'false'],
];

builtinCases(test, loadRuntime(), cases);
test.run();
