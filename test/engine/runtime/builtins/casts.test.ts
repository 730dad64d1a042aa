/**
 * Rego v0's deprecated casts and set_diff (engine/runtime/assembly/builtins/casts.ts): an operand
 * of the right type comes back as it is, a set becomes its sorted members and an array a set;
 * any other type yields nothing (the failure's wording is in failure.cases.yaml).
 */
import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const values = ['null', 'true', '1', '"s"', '[2,1]', '{"a":1}', '{3,1}'];
const casts: Array<[string, number]> = [['cast_null', 0], ['cast_boolean', 1], ['cast_string', 3], ['cast_object', 5]];

const cases: BuiltinCase[] = [
  ...casts.flatMap(([name, same]) => values.map((v, i): BuiltinCase => [`builtin_${name}`, [v], i === same ? v : undefined])),
  ...values.map((v, i): BuiltinCase => ['builtin_cast_array', [v], i === 4 ? '[2,1]' : i === 6 ? '[1,3]' : undefined]),
  ...values.map((v, i): BuiltinCase => ['builtin_cast_set', [v], i === 4 ? '{1,2}' : i === 6 ? '{1,3}' : undefined]),
  ['builtin_cast_array', ['set()'], '[]'],
  ['builtin_cast_set', ['[1,1,"a",[]]'], '{1,"a",[]}'],
  ['builtin_set_diff', ['{1,2,3}', '{2,4}'], '{1,3}'],
  ['builtin_set_diff', ['{1}', 'set()'], '{1}'],
  ['builtin_set_diff', ['set()', '{1}'], 'set()'],
  ['builtin_set_diff', ['[1]', '{1}'], undefined],
  ['builtin_set_diff', ['{1}', '[1]'], undefined],
];

builtinCases(test, loadRuntime(), cases);
test.run();
