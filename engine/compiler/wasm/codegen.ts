/**
 * IR funcs and plans to wasm function bodies. Every generated function takes and returns i32
 * value pointers; IR locals become wasm locals (0 = undefined), IR blocks become wasm blocks.
 * Every func burns fuel on entry (see fuel.ts).
 */
import type { Func, Plan } from '../ir.js';
import { Scope, type Env } from './scope.js';
import { blocks } from './stmt-control.js';
import { emitStmts, type FuncInfo } from './stmts.js';

/** Plans take input and data (IR locals 0 and 1) and return their result set. */
export const PLAN_PARAMS = 2;

export function generateFunc(env: Env, func: Func): Uint8Array {
  const s = new Scope(env, func.params);
  s.burnFuel();
  emitBody(s, { func }, func.blocks);
  s.fb.localGet(s.local(func.return));
  return s.fb.finish();
}

export function generatePlan(env: Env, plan: Plan): Uint8Array {
  const s = new Scope(env, [0, 1]);
  const resultSet = s.fb.addLocal();
  s.call('opa_set');
  s.fb.localSet(resultSet);
  emitBody(s, { resultSet }, plan.blocks);
  s.fb.localGet(resultSet);
  return s.fb.finish();
}

function emitBody(s: Scope, info: FuncInfo, list: Plan['blocks']): void {
  blocks(s, list, (block) => emitStmts(s, info, block));
}
