// Directive parsing, argument conversion and Go's inline error forms.
import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';
import { sp } from './sprintf-case.js';

const cases: BuiltinCase[] = [
  // conformance: strings/sprintf and sprintf/big_int
  sp('hi', '[]', 'hi'),
  sp('hi %s', '["there"]', 'hi there'),
  sp('hi %02d', '[5]', 'hi 05'),
  sp('hi %02X.%02X', '[127, 1]', 'hi 7F.01'),
  sp('hi %.2f', '[3.1415]', 'hi 3.14'),
  sp('hi %v', '[2e308]', 'hi 2e308'),
  sp('hi %s', '[true]', 'hi true'),
  sp('hi %v', '[["there", 5, 3.14]]', 'hi ["there", 5, 3.14]'),
  sp('%s', '[123456789123456789123]', '123456789123456789123'),
  sp('%s', '[1208925819614629174706175]', '1208925819614629174706175'),
  // argument kinds: the number's text decides int or float
  sp('%v %v %v', '[1, 1.0, 1e3]', '1 1 1000'),
  sp('%d', '[1.0]', '%!d(float64=1)'),
  sp('%d', '[1.5]', '%!d(float64=1.5)'),
  sp('%s', '[5]', '%!s(int=5)'),
  sp('%d', '["a"]', '%!d(string=a)'),
  sp('%t', '[true]', '%!t(string=true)'),
  sp('%d', '[[1, 2]]', '%!d(string=[1, 2])'),
  sp('%f', '[123456789123456789123]', '%!f(big.Int=123456789123456789123)'),
  sp('%+t', '[5]', '%!t(int=+5)'),
  sp('%s %v', '[null, null]', 'null null'),
  // missing, extra, no verb, bad index, star arguments
  sp('%d %d', '[1]', '1 %!d(MISSING)'),
  sp('%d', '[1, "a", 2.5]', '1%!(EXTRA string=a, float64=2.5)'),
  sp('x', '[123456789123456789123]', 'x%!(EXTRA *big.Int=123456789123456789123)'),
  sp('100%', '[]', '100%!(NOVERB)'),
  sp('%%d %5%', '[]', '%d %'),
  sp('%[2]d %[1]d', '[1, 2]', '2 1'),
  sp('%[2]d %d', '[1, 2, 3]', '2 3'),
  sp('%[1]d', '[1, 2]', '1'),
  sp('%[3]d', '[1, 2]', '%!d(BADINDEX)'),
  sp('%[x]d', '[1]', '%!d(BADINDEX)'),
  sp('%*d|%-*d|', '[4, 1, 3, 2]', '   1|2  |'),
  sp('%*d', '[-3, 1]', '1  '),
  sp('%.*f', '[2, 3.14159]', '3.14'),
  sp('%*d', '["a", 1]', '%!(BADWIDTH)1'),
  sp('%.*d', '[-1, 1]', '%!(BADPREC)1'),
  sp('%!', '[1]', '%!!(int=1)'),
  sp('%T %T %T %T %-6T|', '[1, 1.5, 123456789123456789123, [1], "a"]', 'int float64 *big.Int string string|'),
  sp('%é', '[1]', '%!é(int=1)'),
  // type errors are undefined
  ['builtin_sprintf', ['1', '[]'], undefined],
  ['builtin_sprintf', ['"%d"', '{1}'], undefined],
  ['builtin_sprintf', ['"%d"', '1'], undefined],
];

builtinCases(test, loadRuntime(), cases);
test.run();
