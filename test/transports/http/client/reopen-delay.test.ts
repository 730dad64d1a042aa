import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_RETRY_MS, MAX_REOPEN_DELAY_MS, reopenDelayMs } from '../../../../transports/http/client/reopen-delay.js';

test('the first reopening waits the server retry hint, or the SSE default', () => {
  assert.is(reopenDelayMs(0, 300), 300);
  assert.is(reopenDelayMs(0, undefined), DEFAULT_RETRY_MS);
});

test('each failed reopening doubles the wait, up to the cap', () => {
  assert.equal([1, 2, 3].map((n) => reopenDelayMs(n, 300)), [600, 1200, 2400]);
  assert.is(reopenDelayMs(20, 300), MAX_REOPEN_DELAY_MS);
  assert.is(reopenDelayMs(5000, 300), MAX_REOPEN_DELAY_MS);
});

test('a server retry hint above the cap is honoured as it is', () => {
  assert.is(reopenDelayMs(0, 60_000), 60_000);
  assert.is(reopenDelayMs(4, 60_000), 60_000);
});

test.run();
