import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sdkCall } from './harness.js';

test('rand.intn stays within [0, n)', () => {
  for (let i = 0; i < 50; i++) {
    const n = Number(sdkCall('rand.intn', [`k${i}`, 7]));
    assert.ok(Number.isInteger(n) && n >= 0 && n < 7, String(n));
  }
});

test('rand.intn repeats for the same key and bound within one evaluation', () => {
  const first = sdkCall('rand.intn', ['same', 1000000]);
  for (let i = 0; i < 10; i++) assert.is(sdkCall('rand.intn', ['same', 1000000]), first);
});

test('rand.intn takes |n| and gives 0 for 0', () => {
  assert.is(sdkCall('rand.intn', ['z', 0]), '0');
  assert.is(sdkCall('rand.intn', ['neg', -1]), '0');
});

test('rand.intn is undefined for a non-integer bound', () => {
  assert.is(sdkCall('rand.intn', ['k', 1.5]), undefined);
});

test.run();
