/**
 * Holds the policy in force. A swap replaces it in one assignment, and a decision reads it
 * once, so every decision is made and journaled against exactly one policy even while a
 * reload is in progress. With no policy loaded, everything is denied.
 */
import type { DecisionInput } from '../decision/input.js';
import { failClosed, type Decided, type Decider } from '../decision/verdict.js';
import type { WardenPolicy } from './policy.js';

export const NO_POLICY = 'no policy is loaded';

export class PolicyStore implements Decider {
  #policy: WardenPolicy | undefined;

  constructor(initial?: WardenPolicy) {
    this.#policy = initial;
  }

  get current(): WardenPolicy | undefined {
    return this.#policy;
  }

  /** Installs `next` and returns the policy it replaced. */
  swap(next: WardenPolicy): WardenPolicy | undefined {
    const previous = this.#policy;
    this.#policy = next;
    return previous;
  }

  decide(input: DecisionInput): Decided {
    const policy = this.#policy;
    if (!policy) return { verdict: failClosed(NO_POLICY), policyDigest: null };
    return { verdict: policy.evaluate(input), policyDigest: policy.digest };
  }
}
