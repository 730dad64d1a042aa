import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ArgumentChecker, MAX_ERRORS, MAX_SCHEMA_BYTES } from '../../../engine/session/tool-arguments.js';
import type { JsonValue } from '../../../engine/protocol/jsonrpc.js';
import { MAX_SUBSCHEMAS, prepareDialect } from '../../../engine/schema/compile.js';
import { WorkMeter } from '../../../engine/schema/work-meter.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
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

test('a listing readies, in a later turn, the dialects its tools use', async () => {
  const meter = new WorkMeter();
  const checker = new ArgumentChecker(meter);
  const draft07 = 'http://json-schema.org/draft-07/schema#';
  checker.prepareFor([
    { name: 'a', inputSchema: { type: 'object' } },
    { name: 'b', inputSchema: { $schema: draft07, type: 'object' } },
    { name: 'c', inputSchema: { $schema: 'https://example.com/unknown' } },
    { name: 'd' },
    'not a tool',
  ]);
  const ready = (): boolean[] => [new WorkMeter(), meter].map((m) => prepareDialect(m, undefined));
  await nextTurn();
  // Already prepared, prepareDialect has nothing to do: false; a new meter's ajv is not.
  assert.equal(ready(), [true, false]);
  assert.is(prepareDialect(meter, draft07), false);
  assert.is(checker.check('a', { type: 'object', required: ['x'] }, {}).valid, false);
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

const list = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));
/** `$defs` d0..d40, each an allOf of two `$ref`s to the next: 2^40 evaluations of `{}`. */
const doubling: JsonValue = {
  $ref: '#/$defs/d0',
  $defs: Object.fromEntries(list(41, (i): [string, JsonValue] => [`d${i}`, i === 40 ? { type: 'object' } : { allOf: [{ $ref: `#/$defs/d${i + 1}` }, { $ref: `#/$defs/d${i + 1}` }] }])),
};

test('a check that would not end fails closed at its work budget, and the next check has a budget of its own', () => {
  const checker = new ArgumentChecker();
  const spent = checker.check('doubling', doubling, {});
  assert.is(spent.valid, false);
  assert.match(spent.errors[0]!.message, /exceeded its work budget/);
  assert.is(checker.check('small', { type: 'object' }, {}).valid, true);
});

test('uniqueItems is linear: 30,000 objects fit the budget, a duplicate among them is found', () => {
  const schema = { type: 'object', properties: { items: { type: 'array', uniqueItems: true, items: { type: 'object' } } } };
  const items = list(30_000, (i) => ({ i, tag: `t${i}` }));
  const checker = new ArgumentChecker();
  assert.equal(checker.check('unique', schema, { items }), { valid: true, errors: [] });
  const check = checker.check('unique', schema, { items: [...items, { tag: 't7', i: 7 }] });
  assert.equal(check.errors, [{ path: '/items', message: 'must NOT have duplicate items (items ## 7 and 30000 are identical)' }]);
});

test('errors merged from $refs are appended, not copied: 100,000 failing items are refused within the budget', () => {
  const schema: JsonValue = {
    $defs: { x: { anyOf: [{ type: 'string' }, { $ref: '#/$defs/y' }] }, y: { type: 'string' } },
    type: 'object', properties: { a: { type: 'array', items: { $ref: '#/$defs/x' } } },
  };
  const check = new ArgumentChecker().check('merged', schema, { a: list(100_000, (i) => i) });
  assert.is(check.valid, false);
  assert.match(check.errors[0]!.message, /exceeded its work budget/);
});

test('arguments nested deeper than the stack fail closed', () => {
  let deep: JsonValue = {};
  for (let i = 0; i < 100_000; i++) deep = { c: deep };
  const schema = { $defs: { n: { type: 'object', properties: { c: { $ref: '#/$defs/n' } } } }, $ref: '#/$defs/n' };
  const check = new ArgumentChecker().check('deep', schema, deep);
  assert.equal(check, { valid: false, errors: [{ path: '', message: "the arguments are nested too deeply to check against the tool's inputSchema" }] });
});

test('a schema of more subschemas than compile in about a second fails closed', () => {
  const schema = { type: 'object', properties: Object.fromEntries(list(MAX_SUBSCHEMAS, (i) => [`p${i}`, { type: 'string' }])) };
  const check = new ArgumentChecker().check('wide', schema, {});
  assert.is(check.valid, false);
  assert.match(check.errors[0]!.message, /does not compile: the schema has more than 1000 subschemas/);
});

test.run();
