import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, JsonValue } from '../../../engine/protocol/jsonrpc.js';
import { compileMetered } from '../../../engine/schema/compile.js';
import { PER_ERROR } from '../../../engine/schema/costs.js';
import { WorkExhausted, WorkMeter } from '../../../engine/schema/work-meter.js';

/** The units one check of `args` spends. */
function spent(schema: JsonObject, args: JsonValue): number {
  const meter = new WorkMeter();
  const validate = compileMetered(schema, meter, 1e9);
  meter.start(1e9);
  validate(args);
  return meter.spent;
}

const items = (n: number, item: JsonValue): JsonValue => ({ a: Array.from({ length: n }, () => item) });
const ARRAY = { type: 'object', properties: { a: { type: 'array', items: { type: 'integer' } } } };

test('every value a schema object is applied to is paid for', () => {
  const ten = spent(ARRAY, items(10, 1));
  const twenty = spent(ARRAY, items(20, 1));
  assert.ok(twenty > ten);
  assert.is(spent(ARRAY, items(30, 1)) - twenty, twenty - ten, 'each item costs the same');
});

test('each error is paid for once, when the next step runs', () => {
  const valid = spent(ARRAY, items(10, 1));
  assert.ok(spent(ARRAY, items(10, 'x')) >= valid + 9 * PER_ERROR);
});

test('a string is paid for by its length where the schema reads it, and not where it does not', () => {
  const read = { type: 'object', properties: { s: { maxLength: 1e9 } } };
  const unread = { type: 'object', properties: { s: { type: 'string' } } };
  assert.ok(spent(read, { s: 'x'.repeat(10_000) }) > spent(read, { s: 'x' }) + 10_000);
  assert.is(spent(unread, { s: 'x'.repeat(10_000) }), spent(unread, { s: 'x' }));
});

test('the work is paid for before it is done', () => {
  const meter = new WorkMeter();
  const validate = compileMetered({ type: 'object', properties: { s: { format: 'regex' } } }, meter, 1e9);
  meter.start(1_000_000);
  assert.throws(() => validate({ s: 'a'.repeat(1_000_000) }), (e: unknown) => e instanceof WorkExhausted);
  assert.ok(meter.spent > 1_000_000);
});

test.run();
