/** How many events may pass at once (`burst`), and how fast that allowance comes back. */
export interface Rate {
  burst: number;
  perMinute: number;
}

/**
 * A token bucket: full at `burst` tokens, refilled continuously at `perMinute`; an event passes
 * when it can take a whole token. Time is passed in, so callers (and tests) own the clock.
 */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    private readonly rate: Rate,
    now: number,
  ) {
    this.#tokens = rate.burst;
    this.#at = now;
  }

  take(now: number): boolean {
    // A clock set back refills nothing rather than draining the bucket.
    const elapsed = Math.max(0, now - this.#at);
    this.#tokens = Math.min(this.rate.burst, this.#tokens + (elapsed * this.rate.perMinute) / 60_000);
    this.#at = Math.max(this.#at, now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
