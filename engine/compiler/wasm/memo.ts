/**
 * Rule memoization: a rule's value is computed once per evaluation for the same input and data.
 * Each memoized func gets a wrapper and four globals (stamp, input, data, value); the dispatch
 * bumps an epoch global at the start of every evaluation, so a stamp from an earlier evaluation
 * (whose heap the SDK has since reset) never matches. `with` passes fresh copies of input or
 * data, whose different pointers miss the cache, so replaced documents are recomputed; a func
 * that never reads the input (input-free.ts) is keyed on data alone, and keeps its value across
 * `with input`.
 */
import { FuncBuilder } from './func-builder.js';
import { Op } from './opcodes.js';

/** Globals per memoized func: stamp, input, data, value. */
export const GLOBALS_PER_SLOT = 4;

export function generateMemoWrapper(realIndex: number, slot: number, epoch: number, keyedOnInput = true): Uint8Array {
  const fb = new FuncBuilder(2);
  const [input, data] = [0, 1];
  const [stamp, cachedInput, cachedData, cachedValue] = [slot, slot + 1, slot + 2, slot + 3];
  const result = fb.addLocal();
  fb.globalGet(stamp).globalGet(epoch).op(Op.i32Eq);
  if (keyedOnInput) fb.localGet(input).globalGet(cachedInput).op(Op.i32Eq).op(Op.i32And);
  fb.localGet(data).globalGet(cachedData).op(Op.i32Eq).op(Op.i32And);
  const hit = fb.if();
  fb.globalGet(cachedValue).op(Op.return);
  fb.end(hit);
  fb.localGet(input).localGet(data).call(realIndex).localSet(result);
  fb.globalGet(epoch).globalSet(stamp);
  fb.localGet(input).globalSet(cachedInput);
  fb.localGet(data).globalSet(cachedData);
  fb.localGet(result).globalSet(cachedValue);
  fb.localGet(result);
  return fb.finish();
}

/** Prologue of the dispatch: a new evaluation starts a new epoch (1, 2, ...; stamps start at 0). */
export function bumpEpoch(fb: FuncBuilder, epoch: number): void {
  fb.globalGet(epoch).i32Const(1).op(Op.i32Add).globalSet(epoch);
}
