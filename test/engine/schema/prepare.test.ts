import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, JsonValue } from '../../../engine/protocol/jsonrpc.js';
import { COST, prepareSchema, TooManySubschemas } from '../../../engine/schema/prepare.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; schema: JsonObject; prepared: JsonObject; costed: number }

/** The copy without its cost keywords, and how many it had. */
function uncosted(value: JsonValue, count: { n: number }): JsonValue {
  if (Array.isArray(value)) return value.map((v) => uncosted(v, count));
  if (typeof value !== 'object' || value === null) return value;
  if (COST in value) count.n++;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== COST).map(([k, v]) => [k, uncosted(v, count)]));
}

loadCases<Case>('test/engine/schema/prepare.cases.yaml').forEach((c) => {
  test(c.note, () => {
    const original = structuredClone(c.schema);
    const count = { n: 0 };
    assert.equal(uncosted(prepareSchema(c.schema, 100), count), c.prepared);
    assert.is(count.n, c.costed);
    assert.equal(c.schema, original, 'the upstream schema is not changed');
  });
});

test('each cost is [base, per character, per member], the last two only where the schema reads them', () => {
  const prepared = prepareSchema({ type: 'object', properties: { s: { type: 'string', format: 'uri' } }, additionalProperties: false }, 10);
  const [base, perChar, perKey] = prepared[COST] as number[];
  assert.ok(base! > 0);
  assert.is(perChar, 0);
  assert.ok(perKey! > 0);
  const s = (prepared.properties as JsonObject).s as JsonObject;
  assert.ok((s[COST] as number[])[1]! > 0, 'a format reads every character');
});

test('a member named __proto__ stays a member', () => {
  const schema = JSON.parse('{"properties": {"__proto__": {"type": "string"}}, "__proto__": {"type": "number"}}') as JsonObject;
  const prepared = prepareSchema(schema, 10);
  assert.ok(Object.hasOwn(prepared, '__proto__'));
  assert.ok(Object.hasOwn(prepared.properties as JsonObject, '__proto__'));
  assert.is(Object.getPrototypeOf(prepared), Object.prototype);
});

test('subschemas past the limit are refused, boolean members of maps included', () => {
  assert.throws(() => prepareSchema({ properties: { a: true, b: true } }, 2), (e: unknown) => e instanceof TooManySubschemas);
  prepareSchema({ properties: { a: true } }, 2);
});

test.run();
