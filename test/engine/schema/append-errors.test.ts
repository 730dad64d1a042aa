import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv } from 'ajv';
import { appendErrors } from '../../../engine/schema/append-errors.js';

/** A $ref that is called (it refers to itself) and a function keyword: both merge errors. */
const SCHEMA = {
  $defs: { list: { type: 'array', items: { anyOf: [{ type: 'string' }, { $ref: '#/$defs/list' }] } } },
  type: 'object',
  properties: { a: { $ref: '#/$defs/list' }, b: { even: true } },
};
const ARGS = { a: [1, ['x', 2, [true]]], b: 3 };

/** The errors of one check, each generated function passed through `process` first. */
function errorsWith(process: (code: string) => string): unknown[] {
  const ajv = new Ajv({ allErrors: true, code: { process } });
  ajv.addKeyword({ keyword: 'even', validate: (_: unknown, data: unknown) => typeof data !== 'number' || data % 2 === 0 });
  const validate = ajv.compile(SCHEMA);
  validate(ARGS);
  return validate.errors ?? [];
}

test("the pinned ajv's merges of called functions' errors are all rewritten to appends", () => {
  const seen: string[] = [];
  errorsWith((code) => (seen.push(code), code));
  assert.ok(seen.join('\n').includes('vErrors.concat('), 'the schema makes ajv merge errors');
  assert.not.ok(seen.map(appendErrors).join('\n').includes('.concat('));
});

test('the errors are those ajv reports without the rewrite, in the same order', () => {
  const plain = errorsWith((code) => code);
  assert.ok(plain.length > 3);
  assert.equal(errorsWith(appendErrors), plain);
});

test.run();
