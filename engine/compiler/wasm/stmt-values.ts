/**
 * Statements that build, read, test or assign values: each is a short straight-line call
 * sequence into the runtime, failing through the scope's innermost IR block.
 */
import type {
  ArrayAppendStmt, AssignVarOnceStmt, AssignVarStmt, DotStmt, EqualStmt, LenStmt, LocalIndex,
  MakeNumberRefStmt, NotEqualStmt, ObjectInsertOnceStmt, ObjectInsertStmt, ObjectMergeStmt, Operand,
  SetAddStmt,
} from '../ir.js';
import { Op } from './opcodes.js';
import type { Scope } from './scope.js';

/** The code OPA gives a rule, function or object key that takes two values. */
export const CONFLICT_ERROR = 'eval_conflict_error';

/** Value type tags of the runtime (engine/runtime/README.md). */
export const TypeTag = { null: 1, boolean: 2, number: 3, string: 4, array: 5, object: 6, set: 7 } as const;

/** Runs `push` (which leaves a value) and stores the value in IR local `target`. */
function assign(s: Scope, target: LocalIndex, push: () => void): void {
  push();
  s.fb.localSet(s.local(target));
}

/** A value laid out in the data segment (constant-literals.ts). */
export function constantValue(s: Scope, addr: number, target: LocalIndex): void {
  s.fb.i32Const(addr).localSet(s.local(target));
}

export function makeNull(s: Scope, target: LocalIndex): void {
  assign(s, target, () => s.null());
}

export function makeInt(s: Scope, value: number, target: LocalIndex): void {
  if (!Number.isSafeInteger(value)) throw new Error(`internal: integer statement value ${value} is not exact`);
  assign(s, target, () => {
    s.fb.i64Const(BigInt(value));
    s.call('opa_number_int');
  });
}

export function makeNumberRef(s: Scope, stmt: MakeNumberRefStmt): void {
  const text = s.env.policy.static.strings[stmt.index]?.value;
  if (text === undefined) throw new Error(`internal: MakeNumberRef of missing string ${stmt.index}`);
  const span = s.env.data.bytes(text);
  assign(s, stmt.target, () => {
    s.fb.i32Const(span.addr).i32Const(span.len);
    s.call('opa_number_ref');
  });
}

export function makeCollection(s: Scope, ctor: 'opa_object' | 'opa_set', target: LocalIndex): void {
  assign(s, target, () => s.call(ctor));
}

export function makeArray(s: Scope, capacity: number, target: LocalIndex): void {
  assign(s, target, () => {
    s.fb.i32Const(capacity);
    s.call('opa_array_with_cap');
  });
}

export function assignVar(s: Scope, stmt: AssignVarStmt): void {
  assign(s, stmt.target, () => s.definedOperand(stmt.source));
}

/** OPA reports a second, different value for the same var as a conflict, not a failure. */
export function assignVarOnce(s: Scope, stmt: AssignVarOnceStmt, conflictMessage: string): void {
  const target = s.local(stmt.target);
  const value = s.fb.addLocal();
  s.definedOperand(stmt.source);
  s.fb.localSet(value);
  const done = s.fb.block();
  const conflict = s.fb.block();
  s.fb.localGet(target).op(Op.i32Eqz);
  const unset = s.fb.if();
  s.fb.localGet(value).localSet(target).br(done);
  s.fb.end(unset);
  s.fb.localGet(target).localGet(value);
  s.call('opa_value_equal');
  s.fb.op(Op.i32Eqz).brIf(conflict).br(done);
  s.fb.end(conflict);
  s.abort(stmt.loc, conflictMessage);
  s.fb.end(done);
}

export function dot(s: Scope, stmt: DotStmt): void {
  s.definedOperand(stmt.source);
  s.definedOperand(stmt.key);
  s.call('opa_value_get');
  const target = s.local(stmt.target);
  s.fb.localTee(target).op(Op.i32Eqz);
  s.failIf();
  s.checkedDefined(target);
}

export function len(s: Scope, stmt: LenStmt): void {
  const source = s.fb.addLocal();
  s.definedOperand(stmt.source);
  s.fb.localTee(source);
  s.call('opa_value_type');
  s.fb.i32Const(TypeTag.string).op(Op.i32LtU);
  s.failIf();
  assign(s, stmt.target, () => {
    s.fb.localGet(source);
    s.call('opa_value_length');
    s.fb.op(Op.i64ExtendI32U);
    s.call('opa_number_int');
  });
}

export function equal(s: Scope, stmt: EqualStmt | NotEqualStmt): void {
  s.definedOperand(stmt.a);
  s.definedOperand(stmt.b);
  s.call('opa_value_equal');
  if (stmt.type === 'Equal') s.fb.op(Op.i32Eqz);
  s.failIf();
}

export function isType(s: Scope, source: Operand, tag: number): void {
  s.definedOperand(source);
  s.call('opa_value_type');
  s.fb.i32Const(tag).op(Op.i32Ne);
  s.failIf();
}

export function isDefined(s: Scope, source: LocalIndex, wanted: boolean): void {
  if (wanted) {
    s.requireDefined(source);
    return;
  }
  s.fb.localGet(s.local(source));
  s.failIf();
}

export function arrayAppend(s: Scope, stmt: ArrayAppendStmt): void {
  s.definedOperand({ type: 'local', value: stmt.array });
  s.definedOperand(stmt.value);
  s.callForEffect('opa_array_append');
}

export function setAdd(s: Scope, stmt: SetAddStmt): void {
  s.definedOperand({ type: 'local', value: stmt.set });
  s.definedOperand(stmt.value);
  s.callForEffect('opa_set_add');
}

export function objectInsert(s: Scope, stmt: ObjectInsertStmt): void {
  pushInsertArgs(s, stmt.object, stmt.key, stmt.value);
  s.callForEffect('opa_object_insert');
}

export function objectInsertOnce(s: Scope, stmt: ObjectInsertOnceStmt): void {
  pushInsertArgs(s, stmt.object, stmt.key, stmt.value);
  s.call('warden_object_insert_once');
  s.fb.op(Op.i32Eqz);
  const conflict = s.fb.if();
  s.abort(stmt.loc, `${CONFLICT_ERROR}: object keys must be unique`);
  s.fb.end(conflict);
}

/** A failing check may branch with earlier arguments on the stack: wasm discards them. */
function pushInsertArgs(s: Scope, object: LocalIndex, key: Operand, value: Operand): void {
  s.definedOperand({ type: 'local', value: object });
  s.definedOperand(key);
  s.definedOperand(value);
}

export function objectMerge(s: Scope, stmt: ObjectMergeStmt): void {
  s.requireDefined(stmt.a);
  s.requireDefined(stmt.b);
  s.fb.localGet(s.local(stmt.a)).localGet(s.local(stmt.b));
  s.call('warden_object_merge');
  s.fb.localTee(s.local(stmt.target)).op(Op.i32Eqz);
  s.failIf();
}
