import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const cases: BuiltinCase[] = [
  ['builtin_abs', ['-5'], '5'],
  ['builtin_abs', ['5'], '5'],
  ['builtin_abs', ['-1.5'], '1.5'],
  ['builtin_abs', ['-9223372036854775808'], '9223372036854775808'],
  ['builtin_abs', ['-123456789012345678901234567890'], '123456789012345678901234567890'],
  ['builtin_abs', ['"x"'], undefined],
  ['builtin_round', ['1.5'], '2'],
  ['builtin_round', ['2.5'], '3'],
  ['builtin_round', ['-1.5'], '-2'],
  ['builtin_round', ['1.4'], '1'],
  ['builtin_round', ['0.49999999999999994'], '0'],
  ['builtin_round', ['9007199254740993'], '9007199254740993'],
  ['builtin_ceil', ['1.2'], '2'],
  ['builtin_ceil', ['-1.2'], '-1'],
  ['builtin_floor', ['1.8'], '1'],
  ['builtin_floor', ['-1.2'], '-2'],
  ['builtin_floor', ['12345678901234567890'], '12345678901234567890'],
  ['builtin_numbers_range', ['1', '4'], '[1,2,3,4]'],
  ['builtin_numbers_range', ['2', '-1'], '[2,1,0,-1]'],
  ['builtin_numbers_range', ['3', '3'], '[3]'],
  ['builtin_numbers_range', ['1.5', '3'], undefined],
];

builtinCases(test, loadRuntime(), cases);
test.run();
