/**
 * The verified-token cache: an entry counts until the earlier of its TTL and the token's exp
 * plus the skew, a token without exp or already past it is never kept, and the entry count is
 * bounded with the oldest going first.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VerifiedTokens } from '../../../transports/auth/verified-tokens.js';

const T0 = 1_700_000_000_000;
const EXP = T0 / 1000 + 100;

interface Case {
  name: string;
  ttlMs: number;
  exp: number | undefined;
  skew: number;
  /** ms after T0 at which the token is looked up, and whether it is still there. */
  lookups: Array<[number, boolean]>;
}

const CASES: Case[] = [
  { name: 'the TTL ends first', ttlMs: 30_000, exp: EXP, skew: 60, lookups: [[0, true], [29_999, true], [30_000, false]] },
  { name: 'exp plus skew ends first', ttlMs: 600_000, exp: EXP, skew: 60, lookups: [[159_999, true], [160_000, false]] },
  { name: 'no skew: exp itself', ttlMs: 600_000, exp: EXP, skew: 0, lookups: [[99_999, true], [100_000, false]] },
  { name: 'past exp but within the skew: kept for what is left of it', ttlMs: 600_000, exp: T0 / 1000 - 30, skew: 60, lookups: [[29_999, true], [30_000, false]] },
  { name: 'past exp plus skew: never kept', ttlMs: 600_000, exp: T0 / 1000 - 60, skew: 60, lookups: [[0, false]] },
  { name: 'no exp: never kept', ttlMs: 600_000, exp: undefined, skew: 60, lookups: [[0, false]] },
  { name: 'TTL 0 keeps nothing', ttlMs: 0, exp: EXP, skew: 60, lookups: [[0, false]] },
];

for (const c of CASES) {
  test(`lifetime: ${c.name}`, () => {
    const cache = new VerifiedTokens({ ttlMs: c.ttlMs, maxEntries: 8 });
    cache.remember('token', { sub: 'alice', ...(c.exp === undefined ? {} : { exp: c.exp }) }, T0, c.skew);
    for (const [after, present] of c.lookups) {
      assert.is(cache.get('token', T0 + after) !== undefined, present, `${after} ms after`);
    }
  });
}

test('a lookup returns the payload remembered for that exact token', () => {
  const cache = new VerifiedTokens({ ttlMs: 1000, maxEntries: 8 });
  cache.remember('a.b.c', { sub: 'alice', exp: EXP }, T0, 0);
  assert.equal(cache.get('a.b.c', T0), { sub: 'alice', exp: EXP });
  assert.is(cache.get('a.b.d', T0), undefined);
  assert.is(cache.get('a.b.c ', T0), undefined);
});

test('at most maxEntries: the oldest goes first; an expired entry is dropped when looked up', () => {
  const cache = new VerifiedTokens({ ttlMs: 1000, maxEntries: 2 });
  cache.remember('one', { exp: EXP }, T0, 0);
  cache.remember('two', { exp: EXP }, T0 + 10, 0);
  cache.remember('three', { exp: EXP }, T0 + 20, 0);
  assert.is(cache.size, 2);
  assert.is(cache.get('one', T0 + 20), undefined);
  assert.ok(cache.get('two', T0 + 20));
  assert.ok(cache.get('three', T0 + 20));
  assert.is(cache.get('two', T0 + 1010), undefined);
  assert.is(cache.size, 1);
});

test.run();
