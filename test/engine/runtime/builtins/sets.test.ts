import { test } from 'uvu';
import { builtinCases, loadRuntime, type BuiltinCase } from '../harness.js';

const cases: BuiltinCase[] = [
  ['builtin_and', ['{1, 2, 3}', '{2, 3, 4}'], '{2,3}'],
  ['builtin_and', ['{1}', 'set()'], 'set()'],
  ['builtin_and', ['{1}', '[1]'], undefined],
  ['builtin_or', ['{1, 3}', '{2, 3}'], '{1,2,3}'],
  ['builtin_intersection', ['{{1, 2}, {2, 3}}'], '{2}'],
  ['builtin_intersection', ['set()'], 'set()'],
  ['builtin_intersection', ['{1}'], undefined],
  ['builtin_union', ['{{1, 2}, {2, 3}, set()}'], '{1,2,3}'],
  ['builtin_union', ['set()'], 'set()'],
];

builtinCases(test, loadRuntime(), cases);
test.run();
