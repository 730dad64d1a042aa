import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const cases: BuiltinCase[] = [
  ['builtin_array_concat', ['[1, 2]', '[3]'], '[1,2,3]'],
  ['builtin_array_concat', ['[]', '[]'], '[]'],
  ['builtin_array_concat', ['[1]', '{2}'], undefined],
  ['builtin_array_slice', ['[1, 2, 3, 4]', '1', '3'], '[2,3]'],
  ['builtin_array_slice', ['[1, 2, 3]', '-5', '10'], '[1,2,3]'],
  ['builtin_array_slice', ['[1, 2, 3]', '2', '1'], '[]'],
  ['builtin_array_slice', ['[1, 2, 3]', '1.5', '2'], undefined],
  ['builtin_array_reverse', ['[1, [2], "3"]'], '["3",[2],1]'],
  ['builtin_array_reverse', ['[]'], '[]'],
];

builtinCases(test, loadRuntime(), cases);
test.run();
