import { RE2JS } from 're2js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostBuiltins } from '../../../engine/builtins/index.js';
import { delimiterChars, translateGlob } from '../../../engine/builtins/glob.js';
import { caseTable, runCaseTable } from './harness.js';

runCaseTable('glob.yaml');

const cases = caseTable('glob.yaml').filter((c) => c.call === 'glob.match' && typeof c.want === 'boolean');

test('every glob.match case means the same to both engines a pattern may run on', () => {
  assert.ok(cases.length > 20);
  for (const { args, want } of cases) {
    const [pattern, delimiters, value] = args as [string, unknown, string];
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
