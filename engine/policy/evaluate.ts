/**
 * One evaluation of the decision entrypoint, fail closed: a trap, a thrown SDK error, an
 * undefined or malformed result, an invalid document or an exhausted budget all become a
 * denial whose reason says which.
 *
 * The budget is work, not wall-clock time. Wasm runs synchronously on this thread and cannot be
 * interrupted from outside, so the compiled policy carries a fuel counter (compiler/wasm/fuel.ts)
 * that aborts the evaluation from inside once it is spent: a runaway policy ends after about
 * the budget instead of holding the event loop. Counting work also means a busy machine, a GC
 * pause or a large input's parsing (bounded by the message size limit) never denies a message
 * whose policy did an ordinary amount of work.
 */
import type { DecisionInput } from '../decision/input.js';
import type { InputReads } from '../compiler/plan/input-reads.js';
import { encodeInput, inputBuffer } from '../decision/encode.js';
import { checkDecisionDocument } from '../decision/document.js';
import { failClosed, verdictFor, type Verdict } from '../decision/verdict.js';
import { DEFAULT_FUEL_LIMIT, FUEL_EXHAUSTED, FUEL_LIMIT_EXPORT } from '../compiler/wasm/fuel.js';
import { errorMessage } from './errors.js';
import { evaluateDirect, exportsOf, type DirectFields } from './direct-eval.js';

/**
 * The part of the SDK's LoadedPolicy used here; tests inject faults through it. Its instance
 * (through which the fuel limit is set) and fast-path fields let direct-eval.ts run the
 * evaluation; stand-ins without them go through `evaluate`.
 */
export interface WasmEvaluator extends DirectFields {
  evaluate(input: ArrayBuffer, entrypoint: number | string): unknown;
}

export interface EvaluateOptions {
  entrypoint: number | string;
  budgetMs: number;
  /** What the entrypoint reads of its input (the compiler's `inputReads`); the rest is not written. Default: everything. */
  reads?: InputReads;
}

/** Generous next to the usual sub-millisecond evaluation. */
export const DEFAULT_BUDGET_MS = 100;

/**
 * Fuel units (generated function calls and loop iterations) per millisecond of budget,
 * calibrated on the development machine with policies/mcp.rego over tool listings and with
 * runaway comprehensions: one unit costs 25-100 ns there, so 20,000 units is about 0.5-2 ms of
 * work and the default budget about 0.05-0.2 s. See docs/policy-contract.md.
 */
export const FUEL_PER_MS = 20_000;

export function fuelFor(budgetMs: number): number {
  if (!(budgetMs >= 0)) return 0;
  return Math.min(DEFAULT_FUEL_LIMIT, Math.round(budgetMs * FUEL_PER_MS));
}

export function evaluateDecision(evaluator: WasmEvaluator, input: DecisionInput, options: EvaluateOptions): Verdict {
  setFuel(evaluator, fuelFor(options.budgetMs));
  let resultSet: unknown;
  try {
    const inputJson = encodeInput(input, options.reads);
    resultSet = evaluateDirect(evaluator, inputJson, options.entrypoint) ?? evaluator.evaluate(inputBuffer(inputJson), options.entrypoint);
  } catch (error) {
    const message = errorMessage(error);
    if (message.includes(FUEL_EXHAUSTED)) return failClosed(budgetReason(options.budgetMs));
    return failClosed(`policy evaluation failed: ${message}`);
  }
  const row = singleResult(resultSet);
  if (!row.ok) return failClosed(row.reason);
  const checked = checkDecisionDocument(row.value);
  return checked.ok ? verdictFor(input.kind, checked.document) : failClosed(checked.reason);
}

/** Names the fuel abort's own text, so the reason reads the same from the SDK and from here. */
export function budgetReason(budgetMs: number): string {
  return `${FUEL_EXHAUSTED}: policy evaluation exceeded its time budget (${budgetMs} ms of work)`;
}

/** A module compiled before the fuel counter existed has no limit to set; it runs unbounded. */
function setFuel(evaluator: WasmEvaluator, units: number): void {
  const limit = exportsOf(evaluator)?.[FUEL_LIMIT_EXPORT];
  if (limit instanceof WebAssembly.Global) limit.value = units;
}

type Row = { ok: true; value: unknown } | { ok: false; reason: string };

/** A compiled entrypoint yields `[{"result": v}]`, or `[]` when undefined. */
function singleResult(resultSet: unknown): Row {
  if (!Array.isArray(resultSet)) return { ok: false, reason: 'policy evaluation returned no result set' };
  if (resultSet.length === 0) return { ok: false, reason: 'policy decision is undefined' };
  if (resultSet.length > 1) return { ok: false, reason: 'policy evaluation returned more than one decision' };
  const row: unknown = resultSet[0];
  if (typeof row !== 'object' || row === null || !('result' in row)) {
    return { ok: false, reason: 'policy evaluation returned a malformed result' };
  }
  return { ok: true, value: (row as { result: unknown }).result };
}
