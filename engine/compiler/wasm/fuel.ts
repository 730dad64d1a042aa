/**
 * The fuel counter that bounds one evaluation by the work it does rather than by the clock.
 * Every generated function entry and every Scan iteration burns one unit, a host builtin call
 * HOST_CALL_FUEL; when the units run out the code aborts through `opa_abort`, so a runaway
 * evaluation ends (and the host fails closed) instead of holding the thread. Rego has no
 * unbounded loop outside these: recursion is rejected at compile time. The runtime burns the
 * same counter for work that grows with its arguments: numbers.range per value it builds, sort
 * per comparison, JSON text written or read, regex matching, inserts that move large tails,
 * and every 256 bytes an evaluation allocates past its first 256 MiB (from warden_fuel_start
 * on). The host sets the exported `warden_fuel_limit` global between evaluations; an SDK that
 * never touches it gets DEFAULT_FUEL_LIMIT, generous enough to change nothing for ordinary
 * policies.
 */
import type { FuncBuilder } from './func-builder.js';
import { Op } from './opcodes.js';

/** The text `opa_abort` reports; hosts recognise an exhausted budget by it. */
export const FUEL_EXHAUSTED = 'evaluation budget exhausted';

/**
 * The runtime's own counter (engine/runtime/assembly/fuel.ts), which its unbounded builtins
 * burn too; the generated code uses it when runtime.wasm exports it.
 */
export const FUEL_COUNTER_GLOBAL = 'warden_fuel';

/** The exported mutable global holding the units each evaluation starts with. */
export const FUEL_LIMIT_EXPORT = 'warden_fuel_limit';

/** The largest i32: minutes of work, so the SDK alone stays usable on any sane policy. */
export const DEFAULT_FUEL_LIMIT = 0x7fff_ffff;

/** Global indexes of the counter (remaining units) and of the per-evaluation limit. */
export interface FuelGlobals {
  counter: number;
  limit: number;
}

/** Dispatch prologue: each evaluation starts with the full limit. */
export function refuel(fb: FuncBuilder, fuel: FuelGlobals): void {
  fb.globalGet(fuel.limit).globalSet(fuel.counter);
}

/**
 * A host builtin call is a round trip through JSON on both sides: about 1.8 us for regex.match
 * on the development machine, against 50-150 ns for a loop iteration or a call.
 */
export const HOST_CALL_FUEL = 20;

/**
 * Burns `units`; when fewer are left, `abort` emits the call that ends the evaluation. The
 * counter is checked before it is decremented, so it never wraps below zero.
 */
export function burnFuel(fb: FuncBuilder, fuel: FuelGlobals, abort: () => void, units = 1): void {
  fb.globalGet(fuel.counter).i32Const(units).op(Op.i32LtS);
  const empty = fb.if();
  abort();
  fb.end(empty);
  fb.globalGet(fuel.counter).i32Const(units).op(Op.i32Sub).globalSet(fuel.counter);
}
