/**
 * The safety stage: bodies are reordered so each expression's inputs are bound first, and
 * variables nothing can bind are reported. Cases: a rule body as written -> the order of its
 * expressions (by their source text) after reordering, or the unsafe vars.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseModule } from '../../../../engine/compiler/syntax/index.js';
import { Reorderer } from '../../../../engine/compiler/compile/reorder.js';
import { Resolver } from '../../../../engine/compiler/compile/resolve.js';

const CASES: Array<{ note: string; body: string[]; order?: string[]; unsafe?: string[] }> = [
  { note: 'already safe stays as written', body: ['x := 1', 'x > 0'], order: ['x := 1', 'x > 0'] },
  { note: 'a use moves after its binding', body: ['x > 0', 'x := input.a'], order: ['x := input.a', 'x > 0'] },
  { note: 'iteration binds a key var', body: ['y == i', 'input.xs[i] = y'], order: ['input.xs[i] = y', 'y == i'] },
  { note: 'negation waits for its vars', body: ['not x == 1', 'x = input.a'], order: ['x = input.a', 'not x == 1'] },
  { note: 'comprehension closure vars are bound first', body: ['ys := [v | some v in input.xs; v > n]', 'n = 2'], order: ['n = 2', 'ys := [v | some v in input.xs; v > n]'] },
  { note: 'a var declared after a comprehension is not its closure', body: ['ys := [v | some v in input.xs; v > n]', 'n := 2'], unsafe: ['n'] },
  { note: 'output argument binds', body: ['n > 1', 'count(input.xs, n)'], order: ['count(input.xs, n)', 'n > 1'] },
  { note: 'nothing binds x', body: ['x > 1'], unsafe: ['x'] },
  { note: 'a var only compared is unsafe', body: ['y := 1', 'z == y'], unsafe: ['z'] },
];

function reorder(body: string[]): { order: string[]; unsafe: string[] } {
  const src = `package t\nimport rego.v1\np if {\n${body.map((b) => `  ${b}`).join('\n')}\n}\n`;
  const { module, errors } = parseModule('t.rego', src);
  assert.equal(errors, []);
  const rule = new Resolver([module!]).resolveRule(module!.rules[0]!, module!);
  const r = new Reorderer((name) => (name === 'count' ? 1 : undefined));
  const out = r.rule(rule, new Set());
  const lines = src.split('\n');
  const order = out.body.map((e) => lines[e.loc.row - 1]!.trim());
  return { order, unsafe: r.errors.map((d) => d.message.replace(/^var (\S+) is unsafe$/, '$1')) };
}

for (const c of CASES) {
  test(`reorder: ${c.note}`, () => {
    const got = reorder(c.body);
    if (c.unsafe) assert.equal(got.unsafe, c.unsafe);
    else {
      assert.equal(got.unsafe, []);
      assert.equal(got.order, c.order);
    }
  });
}

test.run();
