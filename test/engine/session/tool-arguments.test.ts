import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ArgumentChecker, MAX_ERRORS, MAX_SCHEMA_BYTES } from '../../../engine/session/tool-arguments.js';
import type { JsonValue } from '../../../engine/protocol/jsonrpc.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; schema: JsonValue; arguments: JsonValue; valid: boolean; errors?: Array<{ path: string; message: string }> }

loadCases<Case>('test/engine/session/tool-arguments.cases.yaml').forEach((c, i) => {
  test(c.note, () => {
    const check = new ArgumentChecker().check(`case-${i}`, c.schema, c.arguments ?? undefined);
    assert.is(check.valid, c.valid);
    if (c.valid) return assert.equal(check.errors, []);
    const want = c.errors ?? [];
    assert.equal(check.errors.map((e) => e.path), want.map((e) => e.path), JSON.stringify(check.errors));
    want.forEach((w, j) => assert.ok(check.errors[j]!.message.includes(w.message), `${check.errors[j]!.message} should mention ${w.message}`));
    assert.not.ok(JSON.stringify(check.errors).includes('secret-value'), 'errors never quote argument values');
  });
});

test('a schema is compiled once per key: the cached validator answers for that definition', () => {
  const checker = new ArgumentChecker();
  const strict = { type: 'object', properties: { n: { type: 'number' } } };
  assert.is(checker.check('h1', strict, { n: 'x' }).valid, false);
  // Same definition hash, so the schema argument is not looked at again.
  assert.is(checker.check('h1', {}, { n: 'x' }).valid, false);
  assert.is(checker.check('h2', {}, { n: 'x' }).valid, true);
});

test('a backtracking pattern runs in linear time on RE2', () => {
  const schema = { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' } } };
  const started = performance.now();
  const check = new ArgumentChecker().check('redos', schema, { s: `${'a'.repeat(5000)}!` });
  assert.is(check.valid, false);
  assert.ok(performance.now() - started < 1000, 'must not backtrack exponentially');
});

test('the work is bounded: oversized schemas are refused, errors are capped', () => {
  const big = { type: 'object', description: 'x'.repeat(MAX_SCHEMA_BYTES) };
  const refused = new ArgumentChecker().check('big', big, {});
  assert.is(refused.valid, false);
  assert.match(refused.errors[0]!.message, /too large/);
  const properties = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}`, { type: 'string' }]));
  const args = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}`, i]));
  const capped = new ArgumentChecker().check('many', { type: 'object', properties }, args);
  assert.is(capped.errors.length, MAX_ERRORS);
});

test.run();
