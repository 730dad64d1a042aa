import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REFUSAL_LIMITS, RefusalLimiter, type RefusalLimits } from '../../cli/refusal-limiter.js';

const limits = (changes: Partial<RefusalLimits>): RefusalLimits => ({ ...REFUSAL_LIMITS, ...changes });
const iso = (ms: number) => new Date(ms).toISOString();

test('one source gets its burst, then one entry per refill; the rest is summarized with its times and reasons', () => {
  const limiter = new RefusalLimiter(limits({ perSource: { burst: 2, perMinute: 6 } }), 0);
  const admitted = [0, 1, 2, 3, 10_000, 10_001].map((now, i) => limiter.admit('10.0.0.1', i % 2 ? 'bad_origin' : 'unauthenticated', now));
  assert.equal(admitted, [true, true, false, false, true, false]);
  assert.equal(limiter.takeSummary(), {
    count: 3, first: iso(2), last: iso(10_001), reasons: { bad_origin: 2, unauthenticated: 1 },
    sources: 1, top_sources: [{ source: '10.0.0.1', count: 3 }],
  });
  assert.is(limiter.takeSummary(), undefined, 'counting starts anew');
});

test('sources have buckets of their own, and all of them share one', () => {
  const limiter = new RefusalLimiter(limits({ perSource: { burst: 1, perMinute: 1 }, overall: { burst: 3, perMinute: 1 } }), 0);
  const sources = ['a', 'b', 'a', 'c', 'd', 'e', 'd'];
  assert.equal(sources.map((s) => limiter.admit(s, 'unauthenticated', 0)), [true, true, false, true, false, false, false]);
  assert.equal(limiter.takeSummary()?.top_sources, [{ source: 'd', count: 2 }, { source: 'a', count: 1 }, { source: 'e', count: 1 }]);
});

test('a flood from one source does not use up what other sources may still journal', () => {
  const limiter = new RefusalLimiter(limits({ perSource: { burst: 2, perMinute: 1 }, overall: { burst: 3, perMinute: 1 } }), 0);
  for (let i = 0; i < 1000; i++) limiter.admit('flooder', 'unauthenticated', i);
  assert.ok(limiter.admit('other', 'unauthenticated', 1000));
});

test('at most maxSources are remembered: the least recently refused is forgotten and starts again full', () => {
  const limiter = new RefusalLimiter(limits({ perSource: { burst: 1, perMinute: 1 }, maxSources: 2 }), 0);
  // c pushes out b, not a (refused after b): a stays empty, b starts again full.
  assert.equal(['a', 'b', 'a', 'c', 'a', 'b'].map((s) => limiter.admit(s, 'x', 0)), [true, true, false, true, false, true]);
});

test('a summary names the busiest sources up to topSources, and counts sources beyond maxSources without telling them apart', () => {
  const limiter = new RefusalLimiter(limits({ perSource: { burst: 0, perMinute: 0 }, maxSources: 3, topSources: 2 }), 0);
  for (const source of ['a', 'b', 'b', 'c', 'c', 'c', 'd', 'e']) limiter.admit(source, 'unauthenticated', 0);
  const summary = limiter.takeSummary()!;
  assert.equal([summary.count, summary.sources, summary.top_sources, summary.other_sources], [8, 3, [{ source: 'c', count: 3 }, { source: 'b', count: 2 }], 2]);
});

test.run();
