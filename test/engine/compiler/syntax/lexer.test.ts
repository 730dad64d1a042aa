import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { lex, type Token } from '../../../../engine/compiler/syntax/index.js';
import { casesDir } from './fixtures.js';

interface LexerCase {
  name: string;
  source: string;
  tokens?: string[];
  /** "row:col" of each token, eof excluded. */
  positions?: string[];
  /** "row:col" of the eof token. */
  eof?: string;
  error?: { row: number; col: number; message: string };
}

const cases = (parseYaml(readFileSync(join(casesDir, 'lexer.yaml'), 'utf8')) as { cases: LexerCase[] }).cases;

function renderToken(t: Token): string {
  const gap = t.newlineBefore ? '@' : t.spaceBefore ? '_' : '';
  return `${gap}${t.kind} ${t.kind === 'string' ? JSON.stringify(t.text) : t.text}`;
}

for (const c of cases) {
  test(c.name, () => {
    const { tokens, error } = lex('case.rego', c.source);
    const eof = tokens[tokens.length - 1]!;
    assert.is(eof.kind, 'eof', 'tokens end with eof');
    if (c.error) {
      assert.ok(error, 'expected a lexical error');
      assert.is(error.code, 'rego_parse_error');
      assert.is(`${error.location.row}:${error.location.col}`, `${c.error.row}:${c.error.col}`);
      assert.ok(error.message.includes(c.error.message), error.message);
      return;
    }
    assert.is(error, undefined);
    const body = tokens.slice(0, -1);
    if (c.tokens) assert.equal(body.map(renderToken), c.tokens);
    if (c.positions) assert.equal(body.map((t) => `${t.row}:${t.col}`), c.positions);
    if (c.eof) assert.is(`${eof.row}:${eof.col}`, c.eof);
  });
}

test.run();
