/**
 * Statements that contain blocks. Each nested IR block becomes a wasm `block`, so a failing
 * statement inside it (or `Break 0`) lands right after it; `emitStmts` fills a block's body.
 */
import type { Block, NotStmt, ScanStmt, WithStmt } from '../ir.js';
import type { FuncBuilder } from './func-builder.js';
import { Op } from './opcodes.js';
import type { Scope } from './scope.js';
import { TypeTag } from './stmt-values.js';

export type EmitStmts = (block: Block) => void;

/** Runs each block in turn: leaving one early goes on with the next. */
export function blocks(s: Scope, list: readonly Block[], emitStmts: EmitStmts): void {
  for (const block of list) {
    const label = s.openBlock();
    emitStmts(block);
    s.closeBlock(label);
  }
}

export function breakOut(s: Scope, index: number): void {
  s.fb.br(s.enclosing(index));
}

export function scan(s: Scope, stmt: ScanStmt, emitStmts: EmitStmts): void {
  // Copies keep the walk stable even if the body reassigns the IR locals involved.
  const source = s.fb.addLocal();
  const cursor = s.fb.addLocal();
  s.requireDefined(stmt.source);
  s.fb.localGet(s.local(stmt.source)).localTee(source);
  s.call('opa_value_type');
  s.fb.i32Const(TypeTag.array).op(Op.i32LtU);
  s.failIf();
  s.fb.i32Const(0).localSet(cursor);
  const exit = s.fb.block();
  const next = s.fb.loop();
  s.fb.localGet(source).localGet(cursor);
  s.call('opa_value_iter');
  s.fb.localTee(cursor).op(Op.i32Eqz).brIf(exit);
  s.burnFuel();
  s.fb.localGet(cursor).localSet(s.local(stmt.key));
  s.fb.localGet(source).localGet(cursor);
  s.call('opa_value_get');
  s.fb.localSet(s.local(stmt.value));
  const body = s.openBlock();
  emitStmts(stmt.block);
  s.closeBlock(body);
  s.fb.br(next);
  s.fb.end(next);
  s.fb.end(exit);
}

/** Reaching the end of the block means the negated expression held, so `not` fails. */
export function not(s: Scope, stmt: NotStmt, emitStmts: EmitStmts): void {
  const body = s.openBlock();
  emitStmts(stmt.block);
  s.fb.br(s.enclosing(1));
  s.closeBlock(body);
}

/**
 * The local is restored after the block however it is left: on the normal path below, and by
 * the builder's exit action when a `Break` jumps further out.
 */
export function withValue(s: Scope, stmt: WithStmt, emitStmts: EmitStmts): void {
  const target = s.local(stmt.local);
  const saved = s.fb.addLocal();
  s.fb.localGet(target).localSet(saved);
  if (stmt.path.length === 0) {
    s.definedOperand(stmt.value);
  } else {
    s.fb.localGet(target);
    pathArray(s, stmt.path);
    s.definedOperand(stmt.value);
    s.call('warden_upsert_path');
  }
  s.fb.localSet(target);
  const restore = (fb: FuncBuilder): void => void fb.localGet(saved).localSet(target);
  const body = s.openBlock({ onExit: restore });
  emitStmts(stmt.block);
  s.closeBlock(body);
  restore(s.fb);
}

/** Pushes an array value of the path's static strings. */
function pathArray(s: Scope, path: readonly number[]): void {
  const array = s.fb.addLocal();
  s.fb.i32Const(path.length);
  s.call('opa_array_with_cap');
  s.fb.localSet(array);
  for (const index of path) {
    s.fb.localGet(array);
    s.staticString(index);
    s.callForEffect('opa_array_append');
  }
  s.fb.localGet(array);
}
