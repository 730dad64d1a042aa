/**
 * Pruning the rule tree for a dynamic data ref: which children stay, and whole policies whose
 * dynamic refs would otherwise call the referring rule (reachable.cases.yaml).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseModule } from '../../../../engine/compiler/syntax/index.js';
import { buildRuleTree } from '../../../../engine/compiler/compile/rule-tree.js';
import { prunedKey, reachable } from '../../../../engine/compiler/plan/reachable.js';
import type { RuleTree } from '../../../../engine/compiler/compile/program.js';
import type { Term } from '../../../../engine/compiler/ast.js';
import { policyCases } from '../policy-cases.js';

function tree(sources: string[]): RuleTree {
  const modules = sources.map((s, i) => {
    const { module, errors } = parseModule(`m${i}.rego`, s);
    assert.equal(errors, []);
    return module!;
  });
  return buildRuleTree(modules).tree;
}

const at = { file: '', row: 0, col: 0 };
const str = (value: string): Term => ({ type: 'string', value, loc: at });
const v = (name: string): Term => ({ type: 'var', name, loc: at });

/** The kept paths, down to rule groups or unpruned nodes. */
function paths(n: RuleTree, prefix = ''): string[] {
  if (n.group || n.children.size === 0) return [prefix];
  return [...n.children].flatMap(([k, c]) => paths(c, `${prefix}/${k}`));
}

const t = tree(['package test\np := 1', 'package primary\nallow.see := 1\nother := 2', 'package unrelated\nallow.other := 3']);

test('reachable: a dynamic key keeps only children the rest of the ref matches', () => {
  const r = reachable(t, [v('x'), str('allow'), str('see')]);
  assert.equal(paths(r), ['/primary/allow/see']);
  assert.is.not(prunedKey(r), '');
});

test('reachable: nothing cut gives the node itself, with no pruning key', () => {
  const r = reachable(t, [v('x')]);
  assert.is(r, t);
  assert.is(prunedKey(r), '');
});

test('reachable: different prunings get different keys', () => {
  const a = reachable(t, [v('x'), str('allow')]);
  const b = reachable(t, [v('x'), str('other')]);
  assert.is.not(prunedKey(a), prunedKey(b));
});

policyCases('plan/reachable.cases.yaml');

test.run();
