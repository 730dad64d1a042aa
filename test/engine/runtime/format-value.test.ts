// Composite values as OPA prints terms, seen through sprintf's %v and %s.
import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from './harness.js';
import { sp } from './builtins/sprintf-case.js';

const cases: BuiltinCase[] = [
  sp('%v', '[[1, "a"]]', '[1, "a"]'),
  sp('%s', '[{"b": [true, null], "a": 1}]', '{"a": 1, "b": [true, null]}'),
  sp('%v|%v|%v|%v', '[{3, 1, 2}, set(), [], {}]', '{1, 2, 3}|set()|[]|{}'),
  sp('%v', '[{1: "x", [2]: {"k"}}]', '{1: "x", [2]: {"k"}}'),
  sp('%v', '[["a\\"b", "\\n", "é", "\\u00a0"]]', '["a\\"b", "\\n", "é", "\\u00a0"]'),
  sp('%v', '[[1.50, 123456789123456789123, 1e400]]', '[1.50, 123456789123456789123, 1e400]'),
  sp('%8v|%-8v|', '[[1], [1]]', '     [1]|[1]     |'),
  sp('%q', '[["a"]]', '"[\\"a\\"]"'),
];

builtinCases(test, loadRuntime(), cases);
test.run();
