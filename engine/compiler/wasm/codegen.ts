/**
 * IR funcs and plans to wasm function bodies. Every generated function takes and returns i32
 * value pointers; IR locals become wasm locals (0 = undefined), IR blocks become wasm blocks.
 * Every func burns fuel on entry (see fuel.ts).
 */
import type { Block, Func, Plan } from '../ir.js';
import { Scope, type Env, type HelperFuncs } from './scope.js';
import { FuncSplitter, isChunk, type Chunk } from './split.js';
import { blocks } from './stmt-control.js';
import { emitStmts, type FuncInfo } from './stmts.js';
import { Op } from './opcodes.js';

/** Plans take input and data (IR locals 0 and 1) and return their result set. */
export const PLAN_PARAMS = 2;

export function generateFunc(env: Env, func: Func): Uint8Array {
  const s = new Scope(env, func.params);
  s.burnFuel();
  const helpers = env.helpers;
  const splitter = helpers && FuncSplitter.for(func);
  if (helpers && splitter) blocks(s, func.blocks, (block) => emitSplit(s, { func }, splitter, helpers, block));
  else emitBody(s, { func }, func.blocks);
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

/** A large func's top-level statements, with runs of rule bodies moved into helpers (split.ts). */
function emitSplit(s: Scope, info: FuncInfo, splitter: FuncSplitter, helpers: HelperFuncs, block: Block): void {
  for (const item of splitter.partition(block.stmts)) {
    if (isChunk(item)) callHelper(s, item, generateHelper(s.env, helpers, info, item));
    else if ('open' in item) blocks(s, item.open.blocks, (inner) => emitSplit(s, info, splitter, helpers, inner));
    else emitStmts(s, info, { stmts: [item] });
  }
}

function generateHelper(env: Env, helpers: HelperFuncs, info: FuncInfo, chunk: Chunk): number {
  const h = new Scope(env, chunk.params);
  emitStmts(h, info, { stmts: chunk.stmts });
  if (chunk.result === undefined) h.fb.i32Const(0);
  else h.fb.localGet(h.local(chunk.result));
  return helpers.add(chunk.params.length, h.fb.finish());
}

function callHelper(s: Scope, chunk: Chunk, index: number): void {
  for (const local of chunk.params) s.fb.localGet(s.local(local));
  s.fb.call(index);
  if (chunk.result === undefined) s.fb.op(Op.drop);
  else s.fb.localSet(s.local(chunk.result));
}
