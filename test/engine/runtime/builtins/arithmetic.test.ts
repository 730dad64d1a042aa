import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const cases: BuiltinCase[] = [
  ['builtin_plus', ['1', '2'], '3'],
  ['builtin_plus', ['1.5', '2'], '3.5'],
  ['builtin_plus', ['0.1', '0.2'], '0.3'],
  ['builtin_plus', ['9223372036854775807', '1'], '9223372036854775808'],
  ['builtin_plus', ['-9223372036854775808', '-1'], '-9223372036854775809'],
  ['builtin_plus', ['12345678901234567890', '12345678901234567890'], '24691357802469135780'],
  ['builtin_plus', ['12345678901234567890', '-12345678901234567890'], '0'],
  ['builtin_plus', ['"a"', '1'], undefined],
  ['builtin_minus', ['5', '7'], '-2'],
  ['builtin_minus', ['1e2', '1'], '99'],
  ['builtin_minus', ['-9223372036854775808', '1'], '-9223372036854775809'],
  ['builtin_minus', ['{1, 2, 3}', '{2, 4}'], '{1,3}'],
  ['builtin_minus', ['{1}', '[1]'], undefined],
  ['builtin_mul', ['6', '7'], '42'],
  ['builtin_mul', ['1.5', '2'], '3'],
  ['builtin_mul', ['4294967296', '4294967296'], '18446744073709551616'],
  ['builtin_mul', ['-9223372036854775808', '-1'], '9223372036854775808'],
  ['builtin_mul', ['123456789012345678901234567890', '-2'], '-246913578024691357802469135780'],
  ['builtin_div', ['6', '3'], '2'],
  ['builtin_div', ['7', '2'], '3.5'],
  ['builtin_div', ['1', '3'], '0.33333333333333333334'],
  ['builtin_div', ['1', '0'], undefined],
  ['builtin_div', ['1', '0.0'], undefined],
  ['builtin_div', ['-9223372036854775808', '-1'], '9223372036854775808'],
  ['builtin_rem', ['7', '4'], '3'],
  ['builtin_rem', ['-7', '4'], '-3'],
  ['builtin_rem', ['7', '-4'], '3'],
  ['builtin_rem', ['7', '0'], undefined],
  ['builtin_rem', ['1.1', '1'], undefined],
  ['builtin_rem', ['-9223372036854775808', '-1'], '0'],
];

builtinCases(test, loadRuntime(), cases);
test.run();
