import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject } from '../../../engine/protocol/jsonrpc.js';
import { compileMetered, prepareDialect } from '../../../engine/schema/compile.js';
import { RECYCLE_AFTER } from '../../../engine/schema/kept-ajv.js';
import { WorkMeter } from '../../../engine/schema/work-meter.js';

const list = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));

test('a large definition named many times is called, not copied into each use', () => {
  const leaf = { type: 'object', properties: Object.fromEntries(list(300, (i) => [`p${i}`, { type: 'string', minLength: 1 }])) };
  const schema: JsonObject = { $defs: { leaf }, type: 'object', properties: Object.fromEntries(list(200, (i) => [`q${i}`, { $ref: '#/$defs/leaf' }])) };
  const validate = compileMetered(schema, new WorkMeter(), 1e9);
  // Copied into each use, the root function alone would be some 200 times the leaf's code.
  assert.ok(validate.toString().length < 200_000, `${validate.toString().length} characters`);
  assert.is(validate({ q7: { p3: '' } }), false);
});

test('a $schema this warden does not know is refused', () => {
  assert.throws(() => compileMetered({ $schema: 'https://example.com/dialect', type: 'object' }, new WorkMeter(), 1e9), /unsupported \$schema/);
});

test('validators keep working after their ajv was replaced, and each charges its own meter', () => {
  const meter = new WorkMeter();
  const other = new WorkMeter();
  const schema = (i: number): JsonObject => ({ type: 'object', properties: { n: { type: 'integer', maximum: i } } });
  const validators = list(2 * RECYCLE_AFTER + 3, (i) => compileMetered(schema(i), meter, 1e9));
  const elsewhere = compileMetered(schema(5), other, 1e9);
  meter.start(1e9);
  other.start(1e9);
  validators.forEach((validate, i) => assert.equal([validate({ n: i }), validate({ n: i + 1 })], [true, false], `schema ${i}`));
  assert.ok(meter.spent > 0);
  assert.is(other.spent, 0);
  assert.ok(elsewhere({ n: 5 }));
  assert.ok(other.spent > 0);
});

test('each dialect keeps its own rules on a meter shared with others', () => {
  const meter = new WorkMeter();
  const modern = compileMetered({ type: 'number', exclusiveMinimum: 0 }, meter, 1e9);
  const draft04 = compileMetered({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', minimum: 0, exclusiveMinimum: true }, meter, 1e9);
  const again = compileMetered({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'number', exclusiveMinimum: 0 }, meter, 1e9);
  meter.start(1e9);
  assert.equal([modern(0), modern(1), draft04(0), draft04(1), again(0), again(1)], [false, true, false, true, false, true]);
  assert.throws(() => compileMetered({ $schema: 'http://json-schema.org/draft-04/schema#', exclusiveMinimum: 0 }, meter, 1e9));
});

test('a dialect is prepared once per meter, and an unsupported one not at all', () => {
  const meter = new WorkMeter();
  const draft07 = 'http://json-schema.org/draft-07/schema#';
  assert.equal([prepareDialect(meter, undefined), prepareDialect(meter, undefined), prepareDialect(meter, 'https://json-schema.org/draft/2020-12/schema')], [true, false, false]);
  compileMetered({ $schema: draft07, type: 'object' }, meter, 1e9);
  assert.equal([prepareDialect(meter, draft07), prepareDialect(meter, 'https://example.com/dialect'), prepareDialect(meter, 7)], [false, false, false]);
  assert.ok(prepareDialect(new WorkMeter(), draft07));
});

test.run();
