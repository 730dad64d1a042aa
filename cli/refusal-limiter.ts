/**
 * Which refusals of unauthenticated callers get a journal entry of their own. Such a refusal
 * costs its sender one request and the journal one entry, so without a bound anyone who can reach
 * a listener can fill the disk. Each source (peer address) has a token bucket: a burst, then a
 * trickle; one bucket shared by all sources bounds the total, since addresses are cheap (IPv6
 * ones especially). What the buckets hold back is counted here until `takeSummary`, so the
 * journal still says how many refusals there were, when, why and from where.
 */
import { TokenBucket, type Rate } from './token-bucket.js';

export interface RefusalLimits {
  perSource: Rate;
  overall: Rate;
  /** Sources remembered at once: buckets (least recently refused forgotten first) and per summary. */
  maxSources: number;
  /** Sources a summary names, busiest first. */
  topSources: number;
}

/**
 * One source: 10 entries, then one per 10 s. All sources together: 60, then one per 2 s, which
 * bounds what unauthenticated callers can add to the journal to about 1.5 MB an hour.
 */
export const REFUSAL_LIMITS: RefusalLimits = {
  perSource: { burst: 10, perMinute: 6 },
  overall: { burst: 60, perMinute: 30 },
  maxSources: 10_000,
  topSources: 10,
};

/** The fields of a `refusals-suppressed` entry. */
export interface SuppressedRefusals {
  count: number;
  /** ISO 8601 times of the first and the last refusal counted. */
  first: string;
  last: string;
  /** Count per refusal code (`unauthenticated`, `bad_origin`, ...). */
  reasons: Record<string, number>;
  /** Distinct sources told apart: at most `maxSources`. */
  sources: number;
  top_sources: Array<{ source: string; count: number }>;
  /** Refusals from further sources, once `maxSources` were told apart. */
  other_sources?: number;
}

interface Tally {
  count: number;
  first: number;
  last: number;
  reasons: Map<string, number>;
  sources: Map<string, number>;
  otherSources: number;
}

export class RefusalLimiter {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #overall: TokenBucket;
  #tally: Tally | undefined;

  constructor(
    private readonly limits: RefusalLimits = REFUSAL_LIMITS,
    now = Date.now(),
  ) {
    this.#overall = new TokenBucket(limits.overall, now);
  }

  /** Whether this refusal gets its own entry; if not, it is counted for the next summary. */
  admit(source: string, reason: string, now: number): boolean {
    // The source's own bucket first: a flood from one source then cannot drain the shared one.
    if (this.#bucket(source, now).take(now) && this.#overall.take(now)) return true;
    this.#count(source, reason, now);
    return false;
  }

  /** What was held back since the last summary, if anything; counting starts anew. */
  takeSummary(): SuppressedRefusals | undefined {
    const tally = this.#tally;
    if (!tally) return undefined;
    this.#tally = undefined;
    const busiest = [...tally.sources].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1));
    return {
      count: tally.count,
      first: new Date(tally.first).toISOString(),
      last: new Date(tally.last).toISOString(),
      reasons: Object.fromEntries([...tally.reasons].sort(([a], [b]) => (a < b ? -1 : 1))),
      sources: tally.sources.size,
      top_sources: busiest.slice(0, this.limits.topSources).map(([source, count]) => ({ source, count })),
      ...(tally.otherSources > 0 ? { other_sources: tally.otherSources } : {}),
    };
  }

  /** Kept in least-recently-refused order; a forgotten source starts again with a full bucket. */
  #bucket(source: string, now: number): TokenBucket {
    const bucket = this.#buckets.get(source) ?? new TokenBucket(this.limits.perSource, now);
    this.#buckets.delete(source);
    this.#buckets.set(source, bucket);
    if (this.#buckets.size > this.limits.maxSources) this.#buckets.delete(this.#buckets.keys().next().value!);
    return bucket;
  }

  #count(source: string, reason: string, now: number): void {
    const tally = (this.#tally ??= { count: 0, first: now, last: now, reasons: new Map(), sources: new Map(), otherSources: 0 });
    tally.count++;
    tally.last = Math.max(tally.last, now);
    increment(tally.reasons, reason);
    if (tally.sources.has(source) || tally.sources.size < this.limits.maxSources) increment(tally.sources, source);
    else tally.otherSources++;
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
