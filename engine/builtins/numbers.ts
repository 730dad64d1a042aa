import { fail, int } from './args.js';
import type { BuiltinTable } from './types.js';

/** numbers.range_step; numbers.range itself runs natively in the wasm runtime. */

/** OPA has no cap (only cancellation); the host refuses ranges that would exhaust memory. */
const RANGE_LIMIT = 1 << 22;

/** From a towards b inclusive, in steps of step, counting down when a > b. */
function rangeStep(a: unknown, b: unknown, step: unknown): number[] {
  const [from, to, by] = [int(a), int(b), int(step)];
  if (by <= 0) fail('numbers.range_step: step must be a positive number above zero');
  if (Math.abs(to - from) / by >= RANGE_LIMIT) fail('numbers.range_step: range too large');
  const out: number[] = [];
  if (from <= to) for (let i = from; i <= to; i += by) out.push(i);
  else for (let i = from; i >= to; i -= by) out.push(i);
  return out;
}

export const numbersBuiltins: BuiltinTable = {
  'numbers.range_step': rangeStep,
};
