/**
 * The work one argument check may do. An inputSchema comes from the upstream and the arguments
 * from the client, so neither bounds the work alone: an `allOf` whose `$ref`s double at every
 * level, a `pattern` of thousands of states over megabytes of text, an `enum` of thousands of
 * values over an array of thousands of items. Validation spends units as it goes (costs.ts
 * estimates each step, about a nanosecond of work a unit on the development machine) and is
 * abandoned once the budget is spent, so it fails closed instead of holding the event loop every
 * session shares. Work, not time: a busy machine never changes an answer.
 */

/** Thrown from inside a validator once its budget is spent; the checker turns it into a reason. */
export class WorkExhausted extends Error {
  override readonly name = 'WorkExhausted';
}

export interface Meter {
  spend(units: number): void;
}

/** For schemas a person wrote (a policy's json.match_schema): the linear keywords, no budget. */
export const UNMETERED: Meter = { spend: () => undefined };

export class WorkMeter implements Meter {
  #budget = 0;
  #left = 0;

  /** Validation is synchronous and never reentrant, so one meter serves every validator of a checker. */
  start(budget: number): void {
    this.#budget = budget;
    this.#left = budget;
  }

  /** Since the last start, for `make bench` to set each unit's cost against the time it took. */
  get spent(): number {
    return this.#budget - this.#left;
  }

  spend(units: number): void {
    this.#left -= units;
    if (this.#left < 0) throw new WorkExhausted('the work budget is spent');
  }
}
