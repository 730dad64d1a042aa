/**
 * One evaluation of one test entrypoint through the official SDK, as production evaluates:
 * no input, the base data already set. The work is bounded by the compiled fuel counter (wasm
 * cannot be interrupted from outside, the counter aborts it from inside), so a runaway test
 * ends as an ERROR instead of hanging the run. Printed lines are captured per test.
 */
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { DEFAULT_FUEL_LIMIT, FUEL_EXHAUSTED, FUEL_LIMIT_EXPORT } from '../../engine/compiler/wasm/fuel.js';
import { withBuiltinReason } from '../../engine/builtins/failures.js';
import { fuelFor } from '../../engine/policy/evaluate.js';
import type { DirectFields } from '../../engine/policy/direct-eval.js';
import type { TestError } from './result.js';
import { withPrintOutput } from '../print-output.js';

export interface Evaluation {
  /** `undefined` when the entrypoint is undefined. */
  value?: unknown;
  defined: boolean;
  error?: TestError;
  output: string;
  /** Nanoseconds. */
  duration: number;
  /** Bytes of wasm heap the evaluation allocated (heapBytes). */
  heapBytes?: number;
}

export function evaluateTest(policy: LoadedPolicy, entrypoint: number, timeoutMs: number): Evaluation {
  setFuel(policy, timeoutMs > 0 ? fuelFor(timeoutMs) : DEFAULT_FUEL_LIMIT);
  const lines: string[] = [];
  const start = process.hrtime.bigint();
  let resultSet: unknown;
  let error: TestError | undefined;
  try {
    resultSet = withPrintOutput((line) => lines.push(line), () => policy.evaluate(undefined, entrypoint));
  } catch (thrown) {
    error = testError(thrown, timeoutMs);
  }
  const duration = Number(process.hrtime.bigint() - start);
  const output = lines.length > 0 ? `${lines.join('\n')}\n` : '';
  const heap = heapBytes(policy);
  const measured = { output, duration, ...(heap === undefined ? {} : { heapBytes: heap }) };
  if (error) return { defined: false, error, ...measured };
  const row = Array.isArray(resultSet) ? (resultSet[0] as { result?: unknown } | undefined) : undefined;
  if (row === undefined || !('result' in row)) return { defined: false, ...measured };
  return { value: row.result, defined: true, ...measured };
}

/**
 * What the last evaluation allocated: the runtime's allocator only bumps a pointer, which the SDK
 * sets to the end of the data (plus the input: none for a test) before each evaluation, so the
 * pointer's distance from there is every byte allocated, the result's JSON text included. Not
 * known (undefined) should the SDK's fields change. Allocations are not counted one by one.
 */
function heapBytes(policy: LoadedPolicy): number | undefined {
  const fields = policy as unknown as DirectFields;
  const instance = fields.wasmInstance;
  const exports = instance === undefined ? undefined : 'exports' in instance ? instance.exports : instance.instance.exports;
  const top = exports?.opa_heap_ptr_get;
  if (typeof top !== 'function' || typeof fields.dataHeapPtr !== 'number') return undefined;
  const bytes = (top as () => number)() - fields.dataHeapPtr;
  return bytes >= 0 ? bytes : undefined;
}

function setFuel(policy: LoadedPolicy, units: number): void {
  const instance = policy.wasmInstance;
  const exports = 'exports' in instance ? instance.exports : instance.instance.exports;
  const limit = exports[FUEL_LIMIT_EXPORT];
  if (limit instanceof WebAssembly.Global) limit.value = units;
}

/** `opa_abort` throws `file:row:col: message`; a host builtin throws an Error or the SDK an object. */
export function testError(thrown: unknown, timeoutMs: number): TestError {
  const explained = withBuiltinReason(thrown);
  const text = typeof explained === 'string' ? explained : messageOf(explained);
  const located = /^(.+?):(\d+):(\d+): ([\s\S]*)$/.exec(text);
  const message = located ? located[4]! : text;
  const location = located ? { file: located[1]!, row: Number(located[2]), col: Number(located[3]) } : undefined;
  if (message.includes(FUEL_EXHAUSTED)) {
    return { code: 'eval_cancel_error', message: `test timed out after ${timeoutMs}ms (${FUEL_EXHAUSTED})`, ...(location && { location }) };
  }
  // A strict builtin error (engine/compiler/wasm/stmt-call.ts) carries its code before the message.
  const coded = /^(eval_[a-z]+_error): ([\s\S]*)$/.exec(message);
  if (coded) return { code: coded[1]!, message: coded[2]!, ...(location && { location }) };
  const code = typeof thrown !== 'string' ? 'eval_builtin_error' : /conflict|multiple outputs/i.test(message) ? 'eval_conflict_error' : 'eval_internal_error';
  return { code, message, ...(location && { location }) };
}

function messageOf(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'object' && thrown !== null && typeof (thrown as { message?: unknown }).message === 'string') {
    return (thrown as { message: string }).message;
  }
  return String(thrown);
}
