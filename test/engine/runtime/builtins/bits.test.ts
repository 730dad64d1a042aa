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
  // beyond i64: Go's big.Int, negative numbers as infinite two's complement
  ['builtin_bits_and', ['9223372036854775808', '255'], '0'],
  ['builtin_bits_and', ['12345678901234567890', '255'], '210'],
  ['builtin_bits_and', ['-9223372036854775809', '-1'], '-9223372036854775809'],
  ['builtin_bits_and', ['-18446744073709551616', '18446744073709551615'], '0'],
  ['builtin_bits_and', ['-4294967296', '8589934591'], '4294967296'],
  ['builtin_bits_xor', ['12345678901234567890', '0'], '12345678901234567890'],
  ['builtin_bits_xor', ['18446744073709551615', '-1'], '-18446744073709551616'],
  ['builtin_bits_or', ['18446744073709551616', '1'], '18446744073709551617'],
  ['builtin_bits_or', ['-18446744073709551616', '4294967295'], '-18446744069414584321'],
  ['builtin_bits_negate', ['9223372036854775808'], '-9223372036854775809'],
  ['builtin_bits_negate', ['-9223372036854775809'], '9223372036854775808'],
  ['builtin_bits_rsh', ['18446744073709551616', '1'], '9223372036854775808'],
  ['builtin_bits_rsh', ['-18446744073709551618', '64'], '-2'],
  ['builtin_bits_rsh', ['-18446744073709551617', '64'], '-1'], // read as -2^64
  ['builtin_bits_rsh', ['-18446744073709551616', '64'], '-1'],
  ['builtin_bits_rsh', ['-18446744073709551616', '1000'], '-1'],
  ['builtin_bits_rsh', ['-18446744073709551616', '99999999999999999999'], '-1'],
  ['builtin_bits_lsh', ['18446744073709551616', '1'], '36893488147419103232'],
  ['builtin_bits_lsh', ['1', '99999999999999999999'], undefined],
  // OPA reads operands through a 64-bit big.Float: integral floats count, digits past 64 bits round
  ['builtin_bits_and', ['3.0', '1e3'], '0'],
  ['builtin_bits_or', ['3.0', '1e3'], '1003'],
  ['builtin_bits_negate', ['1e20'], '-100000000000000000001'],
  ['builtin_bits_lsh', ['2.0', '3.0'], '16'],
  ['builtin_bits_and', ['18446744073709551617', '1'], '0'],
  ['builtin_bits_and', ['1.5', '1'], undefined],
  ['builtin_bits_and', ['1', '1e-1'], undefined],
  ['builtin_bits_rsh', ['18446744073709551616', '-1'], undefined],
];

builtinCases(test, loadRuntime(), cases);
test.run();
