// String verbs: padding and truncation in code points, Go quoting, hex of the bytes.
import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';
import { sp } from './sprintf-case.js';

const cases: BuiltinCase[] = [
  sp('%s|%v|%5s|%-5s|%05s|%2s', '["abc", "abc", "abc", "abc", "abc", "☺"]', 'abc|abc|  abc|abc  |00abc| ☺'),
  sp('%.5s|%.0s|%.5s|%20.5s|%-20.5s|', '["abcdefghij", "日本語", "日本語日本語", "qwertyuiop", "qwertyuiop"]',
    'abcde||日本語日本|               qwert|qwert               |'),
  sp('%q|%q|%q|%q|%+q|%#q|%#q', '["abc", "\\"", "\\n", "日本語", "日本語", "abc", "\\n"]',
    '"abc"|"\\""|"\\n"|"日本語"|"\\u65e5\\u672c\\u8a9e"|`abc`|"\\n"'),
  sp('%q', '["\\u0007\\b\\f\\n\\r\\t\\u000b\\"\\\\"]', '"\\a\\b\\f\\n\\r\\t\\v\\"\\\\"'),
  sp('%q|%q|%q|%q', '["\\u007f\\u0001", "a\\u00a0b\\u00adc", "\\u2028", "\\ufeff"]', '"\\x7f\\x01"|"a\\u00a0b\\u00adc"|"\\u2028"|"\\ufeff"'),
  sp('%q|%q', '["\\udbff\\udfff", "😀é"]', '"\\U0010ffff"|"😀é"'),
  sp('%10q|%-10q|%010q|%.1q|%#v', '["⌘", "⌘", "⌘", "日本語", "a"]', '       "⌘"|"⌘"       |0000000"⌘"|"日"|"a"'),
  sp('%x|%X|% x|%#x|%# X|%.1x|%x', '["xyz", "xyz", "xyz", "xyz", "xyz", "日本語", ""]', '78797a|78797A|78 79 7a|0x78797a|0X78 0X79 0X7A|e6|'),
  sp('%8x|%08x|%-8x|%2x|', '["ab", "ab", "ab", ""]', '    6162|00006162|6162    |  |'),
  sp('%d|%f|%t', '["a", "a", "a"]', '%!d(string=a)|%!f(string=a)|%!t(string=a)'),
];

builtinCases(test, loadRuntime(), cases);
test.run();
