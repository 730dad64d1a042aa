/**
 * Builtins whose failure OPA does not report as an error: a strict evaluation
 * (--strict-builtin-errors) leaves such a call undefined instead of aborting. Each names the
 * operand OPA still refuses with an error when it has the wrong type, and the type it must have.
 */
import { TypeTag } from './stmt-values.js';

export interface QuietFailure {
  /** Index of the checked operand in the call's arguments. */
  operand: number;
  type: (typeof TypeTag)[keyof typeof TypeTag];
}

export const QUIET_FAILURES: ReadonlyMap<string, QuietFailure> = new Map([
  // builtinJSONPatch returns nil, not an error, for a patch that does not apply.
  ['json.patch', { operand: 1, type: TypeTag.array }],
]);
