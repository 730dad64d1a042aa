import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const r = 'builtin_graph_reachable';
const p = 'builtin_graph_reachable_paths';
const cycle = '{"a": {"b"}, "b": {"c"}, "c": {"a"}}';
const components = '{"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set(), "e": {"f"}, "f": {"e"}, "x": {"x"}}';
// 4 reaches 2 both directly and through 3; each route is its own path.
const diamond = '{"1": [], "2": ["1"], "3": ["2"], "4": ["3", "2"], "5": ["4"]}';

const cases: BuiltinCase[] = [
  [r, ['{}', '{"a"}'], 'set()'],
  [r, [cycle, '{"a"}'], '{"a","b","c"}'],
  [r, [components, '{"b", "e"}'], '{"b","d","e","f"}'],
  [r, ['{"a": ["b"], "b": ["c"], "c": ["a"]}', '["a"]'], '{"a","b","c"}'],
  [r, ['{"a": null}', '["a"]'], '{"a"}'],
  [r, ['{"a": ["b"]}', '["a"]'], '{"a"}'],
  [r, ['{1: [2], 2: []}', '{1}'], '{1,2}'],
  [r, ['1', '[1]'], undefined],
  [r, ['{"a": []}', '"a"'], undefined],
  [p, ['{}', '{"a"}'], 'set()'],
  [p, [cycle, '{"a"}'], '{["a","b","c"]}'],
  [p, [components, '{"b", "e"}'], '{["b","d"],["e","f"]}'],
  [p, ['{"a": null}', '["a"]'], '{["a"]}'],
  [p, ['{"a": ["b", "c"], "b": ["c"], "c": []}', '{"a"}'], '{["a","b","c"],["a","c"]}'],
  [p, ['{"a": ["b"], "b": ["nonexistent"]}', '{"a", "b"}'], '{["a","b"],["b"]}'],
  [p, [diamond, '["5"]'], '{["5","4","2","1"],["5","4","3","2","1"]}'],
  [p, ['{"a": ["a"]}', '["a"]'], '{["a","a"]}'],
  [p, ['{"a": ["b"], "b": ["b"]}', '["a"]'], '{["a","b"]}'],
  [p, ['1', '[1]'], undefined],
  [p, ['{"a": []}', '"a"'], undefined],
];

builtinCases(test, loadRuntime(), cases);
test.run();
