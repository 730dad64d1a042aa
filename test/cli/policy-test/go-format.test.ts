/**
 * Go's duration and benchmark text, as `opa test` prints them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatBenchmark, formatGoDuration, parseGoDuration } from '../../../cli/policy-test/go-format.js';

const durations: Array<[number, string]> = [
  [0, '0s'],
  [253, '253ns'],
  [1417, '1.417µs'],
  [263_375, '263.375µs'],
  [277_306, '277.306µs'],
  [1_214_541, '1.214541ms'],
  [2_000_000, '2ms'],
  [1_500_000_000, '1.5s'],
  [62_500_000_000, '1m2.5s'],
  [3_600_000_000_000, '1h0m0s'],
];

for (const [ns, text] of durations) {
  test(`formatGoDuration(${ns}) is ${text}`, () => {
    assert.is(formatGoDuration(ns), text);
  });
}

test('parseGoDuration reads Go durations in ms and refuses other text', () => {
  assert.is(parseGoDuration('5s'), 5000);
  assert.is(parseGoDuration('1m30s'), 90_000);
  assert.is(parseGoDuration('250ms'), 250);
  assert.is(parseGoDuration('1500\u00b5s'), 1.5, 'the micro sign');
  assert.is(parseGoDuration('2\u03bcs500ns'), 0.0025, 'the Greek mu');
  assert.is(parseGoDuration('1.5h'), 5_400_000);
  assert.is(parseGoDuration('0'), 0);
  assert.is(parseGoDuration('5'), undefined);
  assert.is(parseGoDuration('5 s'), undefined);
  assert.is(parseGoDuration(''), undefined);
});

test('formatBenchmark pads like testing.BenchmarkResult', () => {
  assert.is(formatBenchmark(2000, 123_000), '    2000\t        61.50 ns/op');
  assert.is(formatBenchmark(10, 12_345_670), '      10\t   1234567 ns/op');
  assert.is(formatBenchmark(100, 25_000), '     100\t       250.0 ns/op');
});

test('with the bytes allocated, formatBenchmark adds B/op as Go\'s MemString does (per op, truncated, in 8)', () => {
  assert.is(formatBenchmark(2000, 123_000, 2000 * 312 + 1999), '    2000\t        61.50 ns/op\t     312 B/op');
  assert.is(formatBenchmark(10, 12_345_670, 0), '      10\t   1234567 ns/op\t       0 B/op');
});

test.run();
