import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const cases: BuiltinCase[] = [
  ['builtin_bits_or', ['12', '10'], '14'],
  ['builtin_bits_and', ['12', '10'], '8'],
  ['builtin_bits_xor', ['12', '10'], '6'],
  ['builtin_bits_negate', ['12'], '-13'],
  ['builtin_bits_lsh', ['1', '3'], '8'],
  ['builtin_bits_lsh', ['2147483647', '1'], '4294967294'],
  ['builtin_bits_lsh', ['9223372036854775807', '1'], '18446744073709551614'],
  ['builtin_bits_lsh', ['-1', '70'], '-1180591620717411303424'],
  ['builtin_bits_lsh', ['7', '-1'], undefined],
  ['builtin_bits_lsh', ['7.2', '1'], undefined],
  ['builtin_bits_rsh', ['8', '3'], '1'],
  ['builtin_bits_rsh', ['-9', '1'], '-5'],
  ['builtin_bits_rsh', ['5', '100'], '0'],
];

builtinCases(test, loadRuntime(), cases);
test.run();
