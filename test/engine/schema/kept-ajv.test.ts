import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv } from 'ajv';
import { KeptAjv } from '../../../engine/schema/kept-ajv.js';

function counted(recycleAfter?: number): { kept: KeptAjv; made: () => number } {
  let made = 0;
  const kept = new KeptAjv(() => (made++, new Ajv({ allErrors: true })), recycleAfter);
  return { kept, made: () => made };
}

test('schemas sharing an $id compile one after the other on one ajv, each checking by its own rules', () => {
  const { kept, made } = counted();
  const first = kept.compile({ $id: 'https://tools.example/args', type: 'object', required: ['a'] });
  const second = kept.compile({ $id: 'https://tools.example/args', type: 'object', required: ['b'] });
  assert.equal([first({ a: 1 }), first({ b: 1 }), second({ a: 1 }), second({ b: 1 })], [true, false, false, true]);
  assert.is(made(), 1);
});

test('a schema cannot $ref the $id of a schema compiled before it', () => {
  const { kept } = counted();
  kept.compile({ $id: 'https://tools.example/shared', type: 'string' });
  assert.throws(() => kept.compile({ type: 'object', properties: { s: { $ref: 'https://tools.example/shared' } } }), /can't resolve reference/);
});

test('a schema that does not compile leaves nothing behind for the next', () => {
  const { kept, made } = counted();
  assert.throws(() => kept.compile({ $id: 'https://tools.example/broken', type: 'object', properties: { s: { type: 'no-such-type' } } }));
  const validate = kept.compile({ $id: 'https://tools.example/broken', type: 'object', properties: { s: { type: 'string' } } });
  assert.equal([validate({ s: 'x' }), validate({ s: 1 })], [true, false]);
  assert.is(made(), 1);
});

test('the ajv is replaced after recycleAfter compiles, and earlier validators keep working', () => {
  const { kept, made } = counted(3);
  assert.is(kept.ready, false);
  const validators = Array.from({ length: 7 }, (_, i) => kept.compile({ type: 'integer', maximum: i }));
  assert.is(made(), 3);
  assert.is(kept.ready, true, 'the third has compiled one schema of its three');
  validators.forEach((validate, i) => assert.equal([validate(i), validate(i + 1)], [true, false], `schema ${i}`));
});

test.run();
