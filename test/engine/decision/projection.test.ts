import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Projection, projected } from '../../../engine/decision/projection.js';
import type { InputReads } from '../../../engine/compiler/index.js';

/** Narrowed objects have no prototype, so they are compared as the JSON text they are written as. */
const same = (actual: unknown, expected: unknown): void => assert.is(JSON.stringify(actual), JSON.stringify(expected));

test('narrowing keeps values other than objects whole, and leaves out members that are absent', () => {
  same(projected({ a: [{ b: 1, c: 2 }], d: 'x', e: null }, { a: { b: true }, d: { f: true }, e: { g: true }, h: true }), { a: [{ b: 1, c: 2 }], d: 'x', e: null });
  same(projected({ a: { b: { c: 1, d: 2 } } }, { a: { b: {} } }), { a: { b: {} } });
  same(projected({ a: 1 }, true), { a: 1 });
});

test('members are found by own keys only, never on the prototype', () => {
  const inherited = JSON.parse('{"constructor": true, "toString": true, "__proto__": true}') as InputReads;
  same(projected({ toString: 1 }, inherited), { toString: 1 });
  same(projected(JSON.parse('{"__proto__": {"x": 1}, "y": 2}'), inherited), JSON.parse('{"__proto__": {"x": 1}}'));
  const withInherited = Object.assign(Object.create({ a: 1 }) as Record<string, unknown>, { b: 2 });
  same(projected(withInherited, { a: true, b: true }), { b: 2 });
});

test('a policy reading many members narrows a small value to what it has', () => {
  const reads: InputReads = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, true as const]));
  same(projected({ k7: 1, other: 2 }, reads), { k7: 1 });
});

test('a projection is made once per reads object, and says whether it drops a member', () => {
  const reads = { a: true, b: { c: true } } as const;
  const projection = Projection.of(reads);
  assert.is(Projection.of(reads), projection);
  assert.is(projection.member('a'), true);
  assert.instance(projection.member('b'), Projection);
  assert.is(projection.member('z'), undefined);
  assert.is(projection.dropsMember({ a: 1, b: 2 }), false);
  assert.is(projection.dropsMember({ a: 1, z: 2 }), true);
  assert.is(projection.dropsMember([1, 2]), false);
});

test.run();
