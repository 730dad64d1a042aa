// json.is_valid, json.marshal (Go's encoding/json text) and json.unmarshal.
import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const marshal = (v: string, want: string): BuiltinCase => ['builtin_json_marshal', [v], JSON.stringify(want)];

const cases: BuiltinCase[] = [
  ['builtin_json_is_valid', ['"plainstring"'], 'false'],
  ['builtin_json_is_valid', ['"{"'], 'false'],
  ['builtin_json_is_valid', ['"{\\"json\\": \\"ok\\"}"'], 'true'],
  ['builtin_json_is_valid', ['" [1, 2.5e3, -0, null, true] \\n"'], 'true'],
  ['builtin_json_is_valid', ['"\\"a\\\\u00e9\\""'], 'true'],
  ['builtin_json_is_valid', ['"01"'], 'false'],
  ['builtin_json_is_valid', ['"1."'], 'false'],
  ['builtin_json_is_valid', ['"[1,]"'], 'false'],
  ['builtin_json_is_valid', ['"{1: 2}"'], 'false'],
  ['builtin_json_is_valid', ['"set()"'], 'false'],
  ['builtin_json_is_valid', ['"1 2"'], 'false'],
  ['builtin_json_is_valid', ['""'], 'false'],
  ['builtin_json_is_valid', ['1'], 'false'],
  ['builtin_json_is_valid', ['["{}"]'], 'false'],
  ['builtin_json_is_valid', ['null'], 'false'],
  marshal('[{"foo": {1, 2, 3}}]', '[{"foo":[1,2,3]}]'),
  marshal('{"b": 1, "a": [1.5, null, true]}', '{"a":[1.5,null,true],"b":1}'),
  marshal('"<a href=\\"x\\">&</a>"', '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"'),
  marshal('"\\n\\t\\u0001\\u2028é"', '"\\n\\t\\u0001\\u2028é"'),
  marshal('[123456789123456789123, 1.0, 1e400]', '[123456789123456789123,1.0,1e400]'),
  marshal('{1: "a", "b": 2, [1]: 3, "A": 4}', '{"1":"a","A":4,"[1]":3,"b":2}'),
  marshal('set()', '[]'),
  ['builtin_json_unmarshal', ['"[{\\"foo\\":[1,2,3]}]"'], '[{"foo":[1,2,3]}]'],
  ['builtin_json_unmarshal', ['"{\\"a\\": 1, \\"a\\": 2}"'], '{"a":2}'],
  ['builtin_json_unmarshal', ['"\\"\\\\ud83d\\\\ude00\\""'], '"😀"'],
  ['builtin_json_unmarshal', ['"{"'], undefined],
  ['builtin_json_unmarshal', ['"set()"'], undefined],
  ['builtin_json_unmarshal', ['1'], undefined],
];

builtinCases(test, loadRuntime(), cases);
test.run();
