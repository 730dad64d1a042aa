import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TokenBucket } from '../../cli/token-bucket.js';

/** Each case: a bucket made at time 0, `take` at each time in `at`, and which of them passed. */
const cases: Array<{ name: string; burst: number; perMinute: number; at: number[]; passed: boolean[] }> = [
  { name: 'a full bucket lets a burst through, then nothing', burst: 3, perMinute: 6, at: [0, 0, 0, 0], passed: [true, true, true, false] },
  { name: 'a token comes back after 60 s / perMinute', burst: 1, perMinute: 6, at: [0, 9_999, 10_000, 10_001], passed: [true, false, true, false] },
  { name: 'refill stops at the burst', burst: 2, perMinute: 60, at: [0, 0, 3_600_000, 3_600_000, 3_600_000], passed: [true, true, true, true, false] },
  { name: 'a clock set back refills nothing', burst: 1, perMinute: 60, at: [5_000, 0, 5_500, 6_000], passed: [true, false, false, true] },
];

for (const c of cases) {
  test(c.name, () => {
    const bucket = new TokenBucket({ burst: c.burst, perMinute: c.perMinute }, 0);
    assert.equal(c.at.map((now) => bucket.take(now)), c.passed);
  });
}

test.run();
