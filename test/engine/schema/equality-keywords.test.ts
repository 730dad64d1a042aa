import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv } from 'ajv';
import { addEqualityKeywords } from '../../../engine/schema/equality-keywords.js';
import { PER_LOOKUP } from '../../../engine/schema/costs.js';
import { UNMETERED, WorkMeter } from '../../../engine/schema/work-meter.js';

function ajvWith(meter = UNMETERED, enumKeyword = 'enum'): Ajv {
  const ajv = new Ajv({ allErrors: true });
  addEqualityKeywords(ajv, meter, enumKeyword);
  return ajv;
}

test("uniqueItems reports ajv's parameters: the first item equal to an earlier one, and that one", () => {
  const validate = ajvWith().compile({ uniqueItems: true });
  assert.is(validate([{ a: 1, b: 2 }, 3, { b: 2, a: 1 }, 3]), false);
  assert.equal(validate.errors?.map((e) => [e.keyword, e.params]), [['uniqueItems', { i: 2, j: 0 }]]);
  assert.is(validate([1, 1.5, '1', [1], { 1: 1 }]), true);
});

test('enum under another name leaves ajv\'s enum alone', () => {
  const validate = ajvWith(UNMETERED, 'x-enum').compile({ 'x-enum': [{ a: [1] }], enum: [{ a: [1] }, 2] });
  assert.is(validate({ a: [1] }), true);
  assert.is(validate(2), false);
  assert.equal(validate.errors?.map((e) => [e.keyword, e.params]), [['x-enum', { allowedValues: [{ a: [1] }] }]]);
});

test('each value compared is paid for, an object more than a scalar', () => {
  const meter = new WorkMeter();
  // ajv checks the schema against its meta-schema, whose uniqueItems are paid for too.
  meter.start(1e9);
  const validate = ajvWith(meter).compile({ items: { enum: ['a', { b: 1 }] } });
  meter.start(1e9);
  assert.is(validate(['a', 'a']), true);
  const scalars = meter.spent;
  assert.ok(scalars >= 2 * PER_LOOKUP);
  meter.start(1e9);
  assert.is(validate([{ b: 1 }, { b: 1 }]), true);
  assert.ok(meter.spent > scalars);
});

test.run();
