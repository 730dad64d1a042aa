import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const values = ['null', 'true', '1', '"s"', '[]', '{}', 'set()'];
const names = ['null', 'boolean', 'number', 'string', 'array', 'object', 'set'];
const tests = ['is_null', 'is_boolean', 'is_number', 'is_string', 'is_array', 'is_object', 'is_set'];

const cases: BuiltinCase[] = [
  ...values.map((v, i): BuiltinCase => ['builtin_type_name', [v], JSON.stringify(names[i])]),
  ...tests.flatMap((t, i) => values.map((v, j): BuiltinCase => [`builtin_${t}`, [v], String(i === j)])),
];

builtinCases(test, loadRuntime(), cases);
test.run();
