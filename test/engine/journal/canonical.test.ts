import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { canonicalJson, canonicalMembers, joinMembers, NotJsonError } from '../../../engine/journal/canonical.js';

interface Case { name: string; input: string; canonical: string }
const { cases } = JSON.parse(readFileSync(new URL('./canonical.cases.json', import.meta.url), 'utf8')) as { cases: Case[] };

for (const c of cases) {
  test(`canonical: ${c.name}`, () => {
    assert.is(canonicalJson(JSON.parse(c.input)), c.canonical);
  });
}

test('canonical: members joined with more members give the canonical object of the union', () => {
  for (const c of cases) {
    const value = JSON.parse(c.input) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const all = canonicalMembers(value as Record<string, unknown>);
    // Split the members between the two lists every way that keeps each in order.
    for (let mask = 0; mask < 1 << all.length; mask++) {
      const a = all.filter((_, i) => (mask >> i) & 1);
      const b = all.filter((_, i) => !((mask >> i) & 1));
      assert.is(joinMembers(a, b), c.canonical, `${c.name}, split ${mask}`);
    }
  }
});

test('canonical: undefined members are dropped, as JSON.stringify drops them', () => {
  assert.is(canonicalJson({ b: undefined, a: 1 }), '{"a":1}');
});

const refusals: Array<[string, unknown, string]> = [
  ['NaN', { a: [1, Number.NaN] }, '$.a[1] is not a finite number'],
  ['Infinity', [Number.POSITIVE_INFINITY], '$[0] is not a finite number'],
  ['undefined in an array', { a: [1, undefined] }, '$.a[1] is a undefined, not JSON'],
  ['a class instance', { when: new Date(0) }, '$.when is not a plain object'],
  ['a function', { f: () => 1 }, '$.f is a function, not JSON'],
  ['a bigint', { n: 1n }, '$.n is a bigint, not JSON'],
];

for (const [name, value, reason] of refusals) {
  test(`canonical: refuses ${name}, saying where`, () => {
    assert.throws(() => canonicalJson(value), (error: unknown) => error instanceof NotJsonError && error.message === reason);
    assert.throws(() => canonicalMembers(value as Record<string, unknown>), (error: unknown) => error instanceof NotJsonError && error.message === reason);
  });
}

test.run();
