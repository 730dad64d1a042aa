/**
 * Calls. A name resolves, in this order, to an IR func, a native runtime builtin
 * (`builtin_<name with . as _>`), or a host builtin reached through `opa_builtinN`.
 */
import type { CallDynamicStmt, CallStmt, Func, Operand } from '../ir.js';
import { HOST_CALL_FUEL } from './fuel.js';
import { MAX_HOST_ARGS } from './host-builtins.js';
import { QUIET_FAILURES, type QuietFailure } from './quiet-failures.js';
import { hybridExport } from './hybrid-builtins.js';
import { ValType } from './module.js';
import { Op } from './opcodes.js';
import type { Scope } from './scope.js';

export function nativeBuiltinName(name: string): string {
  return `builtin_${name.replaceAll('.', '_')}`;
}

export function call(s: Scope, stmt: CallStmt): void {
  const target = s.local(stmt.result);
  const ir = s.env.funcs.get(stmt.func);
  const native = !ir && s.env.rt.has(nativeBuiltinName(stmt.func));
  const reasons = native && s.env.builtins.strict;
  if (ir) {
    checkArity(stmt.func, ir.func.params.length, stmt.args.length);
    // Rule funcs take input (possibly undefined) first, so IR func args are passed as they are.
    for (const arg of stmt.args) s.operand(arg);
    s.fb.call(ir.index);
  } else if (native) {
    callNative(s, stmt.func, stmt.args, reasons);
  } else {
    const exported = hybrid(s, stmt.func);
    if (exported) callHybrid(s, stmt, exported);
    else callHost(s, stmt);
  }
  s.fb.localTee(target).op(Op.i32Eqz);
  if (ir) {
    s.failIf();
    s.checkedDefined(target);
  } else if (reasons) nativeAbortIf(s, stmt);
  else builtinUndefined(s, stmt);
}

/** Consumes an i32: when non-zero the builtin call yielded nothing; it fails, or aborts when strict. */
function builtinUndefined(s: Scope, stmt: CallStmt): void {
  const quiet = QUIET_FAILURES.get(stmt.func);
  if (!s.env.builtins.strict) s.failIf();
  else if (quiet === undefined) abortIf(s, stmt);
  else quietAbortIf(s, stmt, quiet);
}

/**
 * Strict builtin errors: with every argument defined (undefined ones fail before the call), a
 * builtin that returns no value has failed. A host builtin's abort message is fixed at compile
 * time, so it names the builtin, in OPA's `code: builtin: message` form; the evaluator puts the
 * reason the host recorded in its place (engine/builtins/failures.ts).
 */
function abortIf(s: Scope, stmt: CallStmt): void {
  const then = s.fb.if();
  s.abort(stmt.loc, `${BUILTIN_ERROR}: ${stmt.func}: builtin failed`);
  s.fb.end(then);
}

/** As abortIf, except that with the checked operand of the right type the failure is OPA's quiet one. */
function quietAbortIf(s: Scope, stmt: CallStmt, quiet: QuietFailure): void {
  const then = s.fb.if();
  s.operand(stmt.args[quiet.operand]!);
  s.call('opa_value_type');
  s.fb.i32Const(quiet.type).op(Op.i32Eq);
  s.failIf();
  s.abort(stmt.loc, `${BUILTIN_ERROR}: ${stmt.func}: builtin failed`);
  s.fb.end(then);
}

/**
 * A native builtin records why it failed (engine/runtime/assembly/builtins/failure.ts): the
 * runtime words the abort from that record, or as abortIf does when there is none.
 */
function nativeAbortIf(s: Scope, stmt: CallStmt): void {
  const then = s.fb.if();
  s.fb.i32Const(s.env.data.cstring(s.errorPrefix(stmt.loc)));
  s.fb.i32Const(s.env.data.cstring(stmt.func));
  s.callForEffect('warden_builtin_abort');
  s.fb.op(Op.unreachable);
  s.fb.end(then);
}

/** The code OPA gives an error a builtin reports. */
export const BUILTIN_ERROR = 'eval_builtin_error';
/** The code OPA gives a builtin's operand of the wrong type (engine/builtins/failures.ts). */
export const BUILTIN_TYPE_ERROR = 'eval_type_error';

/** Builtins are undefined on undefined arguments, so those fail before the call. */
function callNative(s: Scope, name: string, args: readonly Operand[], clearReason: boolean): void {
  const fn = s.env.rt.fn(nativeBuiltinName(name));
  const allI32 = fn.type.params.every((p) => p === ValType.i32) && fn.type.results.length === 1
    && fn.type.results[0] === ValType.i32;
  if (!allI32) throw new Error(`runtime.wasm ${nativeBuiltinName(name)} must take and return i32 values`);
  checkArity(name, fn.type.params.length, args.length);
  if (clearReason) s.callForEffect('warden_builtin_failure_clear');
  for (const arg of args) s.definedOperand(arg);
  s.fb.call(fn.index);
}

/**
 * Through the runtime's `warden_host_builtin(arity, id, ctx, a, b, c, d)`, which carries sets and
 * exact numbers across the SDK's JSON in a tagged encoding (engine/runtime/assembly/host-codec.ts).
 */
function callHost(s: Scope, stmt: CallStmt): void {
  const { func: name, args } = stmt;
  if (args.length > MAX_HOST_ARGS) {
    throw new Error(`builtin ${name} takes ${args.length} arguments; host builtins support at most ${MAX_HOST_ARGS}`);
  }
  const result = s.fb.addLocal();
  s.burnFuel(HOST_CALL_FUEL);
  s.fb.i32Const(args.length).i32Const(s.env.builtins.id(name)).i32Const(0);
  for (const arg of args) s.definedOperand(arg);
  for (let i = args.length; i < MAX_HOST_ARGS; i++) s.fb.i32Const(0);
  s.call('warden_host_builtin');
  if (!s.env.builtins.returnsSet(name)) return;
  s.fb.localTee(result).op(Op.i32Eqz);
  builtinUndefined(s, stmt);
  s.fb.localGet(result);
  s.call('warden_array_to_set');
}

function hybrid(s: Scope, name: string): string | undefined {
  const exported = hybridExport(name);
  return exported !== undefined && s.env.rt.has(exported) ? exported : undefined;
}

/** Native with a host fallback (hybrid-builtins.ts): the host id is registered, as for callHost. */
function callHybrid(s: Scope, stmt: CallStmt, exported: string): void {
  s.burnFuel(HOST_CALL_FUEL);
  s.fb.i32Const(s.env.builtins.id(stmt.func)).i32Const(0);
  for (const arg of stmt.args) s.definedOperand(arg);
  s.call(exported);
}

function checkArity(name: string, expected: number, actual: number): void {
  if (expected !== actual) throw new Error(`internal: call of ${name} with ${actual} arguments, it takes ${expected}`);
}

/**
 * Dispatches on the runtime value of the path over every func whose path could match:
 * constant path parts are resolved now, local ones compared as strings at run time.
 */
export function callDynamic(s: Scope, stmt: CallDynamicStmt): void {
  const target = s.local(stmt.result);
  const done = s.fb.block();
  for (const { func, index } of s.env.funcs.values()) {
    if (!couldMatch(s, func, stmt)) continue;
    const next = s.fb.block();
    stmt.path.forEach((part, i) => {
      if (part.type !== 'local') return;
      s.fb.localGet(s.local(part.value)).op(Op.i32Eqz).brIf(next);
      s.fb.localGet(s.local(part.value));
      s.stringValue(func.path[i]!);
      s.call('opa_value_equal');
      s.fb.op(Op.i32Eqz).brIf(next);
    });
    for (const arg of stmt.args) s.fb.localGet(s.local(arg));
    s.fb.call(index).localSet(target).br(done);
    s.fb.end(next);
  }
  s.fb.i32Const(0).localSet(target);
  s.fb.end(done);
  s.fb.localGet(target).op(Op.i32Eqz);
  s.failIf();
}

function couldMatch(s: Scope, func: Func, stmt: CallDynamicStmt): boolean {
  if (func.path.length !== stmt.path.length || func.params.length !== stmt.args.length) return false;
  return stmt.path.every((part, i) => {
    if (part.type === 'bool') return false;
    if (part.type === 'local') return true;
    return s.env.policy.static.strings[part.value]?.value === func.path[i];
  });
}
