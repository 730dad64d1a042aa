import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const s = 'builtin_object_subset';

const cases: BuiltinCase[] = [
  [s, ['{"a": 5, "b": 7}', '{"a": 5}'], 'true'],
  [s, ['{"a": 5}', '{"a": 5, "b": 7}'], 'false'],
  [s, ['{"a": 5, "b": 7}', '{"b": 10}'], 'false'],
  [s, ['{"n": {"x": 1, "y": 2}}', '{"n": {"x": 1}}'], 'true'],
  [s, ['{"n": {"s": {1, 2, 3, 4}, "a": [6, 7, 8]}}', '{"n": {"s": {4, 1}, "a": [7, 8]}}'], 'true'],
  [s, ['{"n": [6, 7, 8]}', '{"n": [6, 8]}'], 'false'],
  // Array and set pair up only at the top level.
  [s, ['{"n": [1, 2]}', '{"n": {1}}'], 'false'],
  [s, ['{"n": 1}', '{"n": 1.0}'], 'true'],
  [s, ['{1, 2, 3, 4}', '{1, 4}'], 'true'],
  [s, ['{1, 2, 3}', '{3, 4}'], 'false'],
  [s, ['{1, {"a", "b"}}', '{{"a"}}'], 'false'],
  [s, ['set()', 'set()'], 'true'],
  [s, ['[1, 2, 3, 4, 5, 6]', '[3, 4, 5]'], 'true'],
  [s, ['[1, 2, 3, 4, 5, 6]', '[4, 5, 6]'], 'true'],
  [s, ['[1, 2, 3]', '[1, 3]'], 'false'],
  [s, ['[1, 1, 2]', '[1, 2]'], 'true'],
  [s, ['[1, 2]', '[1, 2, 3]'], 'false'],
  [s, ['[1]', '[]'], 'true'],
  [s, ['[]', '[]'], 'true'],
  [s, ['[1, 2, 3, 4, 5, 6]', '{4, 3, 2}'], 'true'],
  [s, ['[1, 2, 3]', '{9, 8}'], 'false'],
  // OPA counts matches down from the set's size, so repeats count and [] holds nothing.
  [s, ['[2, 2]', '{2, 3}'], 'true'],
  [s, ['[]', 'set()'], 'false'],
  [s, ['[1]', 'set()'], 'true'],
  [s, ['{1, 2}', '[1]'], undefined],
  [s, ['1', '1'], undefined],
  [s, ['{"a": 1}', '[1]'], undefined],
];

builtinCases(test, loadRuntime(), cases);
test.run();
