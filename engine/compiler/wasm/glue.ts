/**
 * The generated ABI entry points around the plans: entrypoint dispatch, `eval(ctx)` (ABI < 1.2),
 * `opa_eval` (the 1.2 fast path), and `entrypoints()` / `builtins()`, which parse static JSON.
 */
import type { Label } from './func-builder.js';
import { Op } from './opcodes.js';
import { refuel, type FuelGlobals } from './fuel.js';
import { bumpEpoch } from './memo.js';
import { Scope, type Env } from './scope.js';

/**
 * `dispatch(entrypoint, input, data) -> result set`; an unknown id aborts. Starts a memo epoch
 * and fills the fuel counter.
 */
export function generateDispatch(env: Env, planIndexes: readonly number[], epoch: number, fuel: FuelGlobals): Uint8Array {
  const s = new Scope(env, [0, 1, 2]);
  const [entrypoint, input, data] = [0, 1, 2];
  bumpEpoch(s.fb, epoch);
  refuel(s.fb, fuel);
  // Allocation is metered from here on: the input is parsed, the evaluation begins.
  s.call('warden_fuel_start');
  const invalid = s.fb.block();
  const cases: Label[] = planIndexes.map(() => s.fb.block());
  s.fb.localGet(entrypoint).brTable([...cases].reverse(), invalid);
  for (const [i, planIndex] of planIndexes.entries()) {
    s.fb.end(cases[cases.length - 1 - i]!);
    s.fb.localGet(input).localGet(data).call(planIndex).op(Op.return);
  }
  s.fb.end(invalid);
  s.abortWith('invalid entrypoint id');
  return s.fb.finish();
}

/** `eval(ctx) -> 0`: runs the ctx's entrypoint and stores the result set in the ctx. */
export function generateEval(env: Env, dispatchIndex: number): Uint8Array {
  const s = new Scope(env, [0]);
  const ctx = 0;
  s.fb.localGet(ctx);
  s.fb.localGet(ctx);
  s.call('warden_ctx_entrypoint');
  s.fb.localGet(ctx);
  s.call('warden_ctx_input');
  s.fb.localGet(ctx);
  s.call('warden_ctx_data');
  s.fb.call(dispatchIndex);
  s.callForEffect('warden_ctx_set_result');
  s.fb.i32Const(0);
  return s.fb.finish();
}

/** `opa_eval(reserved, entrypoint, data, input_addr, input_len, heap_ptr, format) -> JSON address`. */
export function generateOpaEval(env: Env, dispatchIndex: number): Uint8Array {
  const s = new Scope(env, [0, 1, 2, 3, 4, 5, 6]);
  const [entrypoint, data, inputAddr, inputLen, heapPtr, format] = [1, 2, 3, 4, 5, 6];
  const input = s.fb.addLocal();
  s.fb.localGet(heapPtr).localGet(inputAddr).localGet(inputLen);
  s.call('warden_eval_begin');
  s.fb.localSet(input);
  s.fb.localGet(entrypoint).localGet(input).localGet(data).call(dispatchIndex);
  s.fb.localGet(format);
  s.call('warden_eval_end');
  return s.fb.finish();
}

/** A nullary function returning the value parsed from a static JSON text. */
export function generateJsonConstant(env: Env, json: string): Uint8Array {
  const s = new Scope(env, []);
  const span = env.data.bytes(json);
  s.fb.i32Const(span.addr).i32Const(span.len);
  s.call('opa_json_parse');
  return s.fb.finish();
}
