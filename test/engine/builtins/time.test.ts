import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCaseTable, sdkCall } from './harness.js';

runCaseTable('time.yaml');

test('time.now_ns is an exact integer, constant within one evaluation', () => {
  const first = sdkCall('time.now_ns', []);
  assert.match(first ?? '', /^\d{19}$/);
  assert.is(sdkCall('time.now_ns', []), first);
});

test('time.now_ns moves on after the evaluation yields', async () => {
  const first = sdkCall('time.now_ns', []);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.is.not(sdkCall('time.now_ns', []), first);
});

test.run();
