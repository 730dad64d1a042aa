/**
 * A loaded, ready-to-evaluate policy: the wasm instance, the entrypoint of the warden wrapper,
 * and the digest that identifies it in the journal. Immutable once built; a reload builds a
 * new one and swaps it into the PolicyStore.
 */
import type { DecisionInput } from '../decision/input.js';
import type { Verdict } from '../decision/verdict.js';
import type { InputReads } from '../compiler/plan/input-reads.js';
import { evaluateDecision, type WasmEvaluator } from './evaluate.js';

export interface WardenPolicyParts {
  digest: string;
  modules: string[];
  evaluator: WasmEvaluator;
  entrypoint: number | string;
  /** What the entrypoint reads of its input: each decision's input is written without the rest. */
  inputReads: InputReads;
  budgetMs: number;
}

export class WardenPolicy {
  readonly digest: string;
  /** Module names (paths relative to the policy directory), sorted. */
  readonly modules: readonly string[];
  readonly #evaluator: WasmEvaluator;
  readonly #entrypoint: number | string;
  /** What the decision entrypoint reads of its input; each input is written without the rest. */
  readonly inputReads: InputReads;
  readonly #budgetMs: number;

  constructor(parts: WardenPolicyParts) {
    this.digest = parts.digest;
    this.modules = [...parts.modules].sort();
    this.#evaluator = parts.evaluator;
    this.#entrypoint = parts.entrypoint;
    this.#budgetMs = parts.budgetMs;
    this.inputReads = parts.inputReads;
  }

  evaluate(input: DecisionInput): Verdict {
    return evaluateDecision(this.#evaluator, input, { entrypoint: this.#entrypoint, budgetMs: this.#budgetMs, reads: this.inputReads });
  }
}
