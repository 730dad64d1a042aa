/**
 * Statement dispatch: one case per IR statement kind, each delegating to a small emitter.
 * The switch is exhaustive over `Stmt`, so a new IR kind fails to compile here first.
 */
import type { Block, Func, Stmt } from '../ir.js';
import { emitProbe } from './coverage.js';
import { Op } from './opcodes.js';
import type { Scope } from './scope.js';
import { call, callDynamic } from './stmt-call.js';
import { print } from './stmt-print.js';
import { blocks, breakOut, not, scan, withValue } from './stmt-control.js';
import * as v from './stmt-values.js';

/** What the statements of one function need to know about it. */
export interface FuncInfo {
  /** The func being generated; undefined for plans. */
  func?: Func;
  /** Wasm local of the plan's result set; undefined for funcs. */
  resultSet?: number;
}

export function emitStmts(s: Scope, info: FuncInfo, block: Block): void {
  for (const stmt of block.stmts) emitStmt(s, info, stmt);
}

function emitStmt(s: Scope, info: FuncInfo, stmt: Stmt): void {
  const nested = (b: Block): void => emitStmts(s, info, b);
  switch (stmt.type) {
    case 'Nop': return emitProbe(s.fb, s.env.coverage, stmt.loc);
    case 'Block': return blocks(s, stmt.blocks, nested);
    case 'Break': return breakOut(s, stmt.index);
    case 'Scan': return scan(s, stmt, nested);
    case 'Not': return not(s, stmt, nested);
    case 'With': return withValue(s, stmt, nested);
    case 'Call': return call(s, stmt);
    case 'CallDynamic': return callDynamic(s, stmt);
    case 'ReturnLocal': return returnLocal(s, info, stmt.source);
    case 'ResultSetAdd': return resultSetAdd(s, info, stmt.value);
    case 'Dot': return v.dot(s, stmt);
    case 'Len': return v.len(s, stmt);
    case 'AssignInt': return v.makeInt(s, stmt.value, stmt.target);
    case 'MakeNumberInt': return v.makeInt(s, stmt.value, stmt.target);
    case 'MakeNumberRef': return v.makeNumberRef(s, stmt);
    case 'MakeNull': return v.makeNull(s, stmt.target);
    case 'MakeArray': if (!folded(s, stmt)) v.makeArray(s, stmt.capacity, stmt.target); return;
    case 'MakeObject': if (!folded(s, stmt)) v.makeCollection(s, 'opa_object', stmt.target); return;
    case 'MakeSet': if (!folded(s, stmt)) v.makeCollection(s, 'opa_set', stmt.target); return;
    case 'AssignVar': return v.assignVar(s, stmt);
    case 'AssignVarOnce': return v.assignVarOnce(s, stmt, conflictMessage(info));
    case 'ResetLocal': s.fb.i32Const(0).localSet(s.local(stmt.target)); return;
    case 'Equal': return v.equal(s, stmt);
    case 'NotEqual': return v.equal(s, stmt);
    case 'IsArray': return v.isType(s, stmt.source, v.TypeTag.array);
    case 'IsObject': return v.isType(s, stmt.source, v.TypeTag.object);
    case 'IsSet': return v.isType(s, stmt.source, v.TypeTag.set);
    case 'IsDefined': return v.isDefined(s, stmt.source, true);
    case 'IsUndefined': return v.isDefined(s, stmt.source, false);
    case 'ArrayAppend': if (!absorbed(s, stmt)) v.arrayAppend(s, stmt); return;
    case 'ObjectInsert': if (!absorbed(s, stmt)) v.objectInsert(s, stmt); return;
    case 'ObjectInsertOnce': if (!absorbed(s, stmt)) v.objectInsertOnce(s, stmt); return;
    case 'ObjectMerge': return v.objectMerge(s, stmt);
    case 'SetAdd': if (!absorbed(s, stmt)) v.setAdd(s, stmt); return;
    case 'Print': return print(s, stmt);
    case 'Abort': return abort(s, stmt.loc, stmt.message);
    default: return unhandledStmt(stmt);
  }
}

/**
 * A Make whose collection is a constant in the data segment (constant-literals.ts) loads its
 * address. Only Make and insert statements are looked up: a lookup keys on the statement object,
 * and giving every statement of a large policy an identity hash cost its first compile 30-50 ms.
 */
function folded(s: Scope, stmt: Extract<Stmt, { type: 'MakeArray' | 'MakeObject' | 'MakeSet' }>): boolean {
  const addr = s.env.literals?.values.get(stmt);
  if (addr === undefined) return false;
  v.constantValue(s, addr, stmt.target);
  return true;
}

/** An insert into such a constant: it was laid out with it. */
function absorbed(s: Scope, stmt: Stmt): boolean {
  return s.env.literals?.absorbed.has(stmt) === true;
}

/** Only reachable with a `Stmt` kind the switch above lacks, which then fails to type-check. */
export function unhandledStmt(stmt: never): never {
  throw new Error(`internal: no code for IR statement ${JSON.stringify((stmt as { type?: unknown }).type)}`);
}

function returnLocal(s: Scope, info: FuncInfo, source: number): void {
  if (!info.func) throw new Error('internal: ReturnLocal in a plan');
  s.fb.localGet(s.local(source)).op(Op.return);
}

function resultSetAdd(s: Scope, info: FuncInfo, value: number): void {
  if (info.resultSet === undefined) throw new Error(`internal: ResultSetAdd in func ${info.func?.name}`);
  s.fb.localGet(info.resultSet);
  s.definedOperand({ type: 'local', value });
  s.callForEffect('opa_set_add');
}

/**
 * The planner assigns once only a rule's value (directly, or through its else chain); OPA words
 * the error after the rule: a function (params beyond input and data) or a complete rule.
 */
function conflictMessage(info: FuncInfo): string {
  const func = info.func;
  if (!func) return `${v.CONFLICT_ERROR}: var assignment conflict`;
  return func.params.length > 2
    ? `${v.CONFLICT_ERROR}: functions must not produce multiple outputs for same inputs`
    : `${v.CONFLICT_ERROR}: complete rules must not produce multiple outputs`;
}

function abort(s: Scope, loc: Stmt['loc'], message: number): void {
  const text = s.env.policy.static.strings[message]?.value;
  if (text === undefined) throw new Error(`internal: Abort with missing string ${message}`);
  s.abort(loc, text);
}
