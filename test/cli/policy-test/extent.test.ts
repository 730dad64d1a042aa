/** extentOf: a node's source text, found from the tokens since the AST records only where nodes start. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Expr, Term } from '../../../engine/compiler/ast.js';
import { parseModule } from '../../../engine/compiler/syntax/index.js';
import { extentOf, sourceText } from '../../../cli/policy-test/extent.js';

function body(text: string): { exprs: Expr[]; text: (node: { loc: Expr['loc'] }) => string | undefined } {
  const source = `package p\n\nt if {\n${text}\n}\n`;
  const rule = parseModule('p.rego', source).module!.rules[0]!;
  const src = sourceText('p.rego', source);
  return { exprs: rule.body, text: (node) => extentOf(src, node)?.text };
}

function args(e: Expr): Term[] {
  return e.type === 'term' && e.term.type === 'call' ? e.term.args : [];
}

test('an expression runs to its last token, brackets closed, comments and separators left out', () => {
  const b = body('\tx := count([1, 2]) # two\n\ty := {"a": [x]}; z := "}" \n\tx == y');
  assert.equal(b.exprs.map(b.text), ['x := count([1, 2])', 'y := {"a": [x]}', 'z := "}"', 'x == y']);
});

test('a nested call is its own text; one whose text closes parentheses it did not open is widened to them', () => {
  const b = body('\t(a + b) * c == count(xs) + 1');
  const [lhs, rhs] = args(b.exprs[0]!);
  assert.is(b.text(lhs!), '(a + b) * c');
  assert.is(b.text(args({ ...b.exprs[0]!, term: lhs! } as Expr)[0]!), 'a + b');
  assert.is(b.text(args({ ...b.exprs[0]!, term: rhs! } as Expr)[0]!), 'count(xs)');
});

test('an expression over several lines keeps its line breaks and indentation', () => {
  const b = body('\tsome x in [\n\t\t1,\n\t]\n\tevery y in [x] {\n\t\ty > 0\n\t}');
  assert.equal(b.exprs.map(b.text), ['some x in [\n\t\t1,\n\t]', 'every y in [x] {\n\t\ty > 0\n\t}']);
});

test('escaped quotes and raw strings end where the string ends', () => {
  const b = body('\tx := "a\\"]"\n\ty := `b"`');
  assert.equal(b.exprs.map(b.text), ['x := "a\\"]"', 'y := `b"`']);
});

test.run();
