import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RE2JS } from 're2js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { hostBuiltins } from '../../../engine/builtins/index.js';
import { delimiterChars, translateGlob } from '../../../engine/builtins/glob.js';
import { runCaseTable } from './harness.js';

runCaseTable('glob.yaml');

interface Case { call: string; args: [string, string[] | null, string]; want?: boolean }

const cases = (parse(readFileSync(fileURLToPath(new URL('./cases/glob.yaml', import.meta.url)), 'utf8')) as { cases: Case[] }).cases
  .filter((c) => c.call === 'glob.match' && typeof c.want === 'boolean');

test('every glob.match case means the same to both engines a pattern may run on', () => {
  assert.ok(cases.length > 20);
  for (const { args: [pattern, delimiters, value], want } of cases) {
    const { source } = translateGlob(pattern, delimiterChars(delimiters));
    assert.is(new RegExp(source, 'u').test(value), want, `RegExp: ${pattern} ${value}`);
    assert.is(RE2JS.compile(source).test(value), want, `re2js: ${pattern} ${value}`);
  }
});

test('many wildcards over a long value that almost matches answer at once (no backtracking blow-up)', () => {
  const pattern = '*a*a*a*a*a*a*a*a*a*a*a*b';
  assert.is(translateGlob(pattern, []).wildcards, 12);
  assert.is(hostBuiltins['glob.match']!(pattern, null, 'a'.repeat(200)), false);
  assert.is(hostBuiltins['glob.match']!(pattern, null, `${'a'.repeat(200)}b`), true);
  assert.is(hostBuiltins['glob.match']!('**.a.*.*.*.*.*.*.*.b', [], 'x.a.'.repeat(60)), false);
});

test.run();
