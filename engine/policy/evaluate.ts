/**
 * One evaluation of the decision entrypoint, fail closed: a trap, a thrown SDK error, an
 * undefined or malformed result, an invalid document or an evaluation over budget all become
 * a denial whose reason says which. Wasm runs synchronously on this thread and cannot be
 * interrupted, so the budget is checked when evaluation returns; Rego always terminates, so
 * the check bounds what an expensive policy may cost rather than catching an endless loop.
 */
import type { DecisionInput } from '../decision/input.js';
import { encodeInputBuffer } from '../decision/encode.js';
import { checkDecisionDocument } from '../decision/document.js';
import { failClosed, verdictFor, type Verdict } from '../decision/verdict.js';
import { errorMessage } from './errors.js';

/** The part of the SDK's LoadedPolicy used here; tests inject faults through it. */
export interface WasmEvaluator {
  evaluate(input: ArrayBuffer, entrypoint: number | string): unknown;
}

export interface EvaluateOptions {
  entrypoint: number | string;
  budgetMs: number;
  /** Monotonic milliseconds; defaults to performance.now. */
  clock?: () => number;
}

/** Generous next to the usual sub-millisecond evaluation, so a GC pause does not deny a message. */
export const DEFAULT_BUDGET_MS = 100;

export function evaluateDecision(evaluator: WasmEvaluator, input: DecisionInput, options: EvaluateOptions): Verdict {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  let resultSet: unknown;
  try {
    resultSet = evaluator.evaluate(encodeInputBuffer(input), options.entrypoint);
  } catch (error) {
    return failClosed(`policy evaluation failed: ${errorMessage(error)}`);
  }
  const elapsed = clock() - started;
  if (elapsed > options.budgetMs) {
    return failClosed(`policy evaluation exceeded its time budget (${elapsed.toFixed(1)} ms > ${options.budgetMs} ms)`);
  }
  const row = singleResult(resultSet);
  if (!row.ok) return failClosed(row.reason);
  const checked = checkDecisionDocument(row.value);
  return checked.ok ? verdictFor(input.kind, checked.document) : failClosed(checked.reason);
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
