/**
 * Why the most recent host builtin call failed. Production evaluation treats a failing builtin as
 * undefined (as OPA's wasm target does), so the reason is dropped there; a strict build instead
 * aborts right after the failing call with `eval_builtin_error: NAME: builtin failed` (the wasm
 * abort can only carry a message fixed at compile time, engine/compiler/wasm/stmt-call.ts).
 * Evaluation is synchronous and the abort follows the failure at once, so the last failure
 * recorded here is the one the abort names: `withBuiltinReason` puts its code and message in.
 */
import { BuiltinTypeError } from './args.js';

export interface BuiltinFailure {
  builtin: string;
  /** OPA's code: `eval_type_error` for operands of the wrong type, else `eval_builtin_error`. */
  code: string;
  /** `NAME: reason`, as OPA words a builtin's error. */
  message: string;
}

let last: BuiltinFailure | undefined;

export function recordFailure(builtin: string, thrown: unknown): void {
  const reason = thrown instanceof Error ? thrown.message : String(thrown);
  const code = thrown instanceof BuiltinTypeError ? 'eval_type_error' : 'eval_builtin_error';
  last = { builtin, code, message: reason.startsWith(`${builtin}: `) ? reason : `${builtin}: ${reason}` };
}

/** A call that yielded no value without an error: an abort after it has no recorded reason. */
export function forgetFailure(): void {
  last = undefined;
}

export function lastFailure(): BuiltinFailure | undefined {
  return last;
}

const STRICT_ABORT = /eval_builtin_error: ([\w.]+): builtin failed$/;

/**
 * A strict build's abort (a string, or an Error holding it) with the generic reason replaced by
 * the recorded one when the failure it names is the last recorded; anything else is returned as is.
 */
export function withBuiltinReason(thrown: unknown): unknown {
  const text = typeof thrown === 'string' ? thrown : thrown instanceof Error ? thrown.message : undefined;
  const m = text === undefined ? null : STRICT_ABORT.exec(text);
  if (!m || last?.builtin !== m[1]) return thrown;
  const explained = `${text!.slice(0, m.index)}${last.code}: ${last.message}`;
  return typeof thrown === 'string' ? explained : new Error(explained);
}
