import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { timeInfo } from '../../../engine/decision/clock.js';

test('RFC 3339 text and nanoseconds name the same instant', () => {
  const t = timeInfo(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678)));
  assert.is(t.rfc3339, '2025-01-02T03:04:05.678Z');
  assert.is(t.ns, BigInt(Date.parse(t.rfc3339)) * 1_000_000n);
});

test('defaults to now', () => {
  const before = BigInt(Date.now()) * 1_000_000n;
  const t = timeInfo();
  assert.ok(t.ns >= before && t.ns <= before + 1_000_000_000n);
});

test.run();
