/**
 * Which rule funcs never read the input: their value depends on data alone, so the memo cache
 * may keep it across `with input as ...` (compiled as a call with a new input pointer). The
 * decision wrapper probes every listed tool that way, and without this each probe recomputed
 * every settings rule of the policy.
 *
 * A func reads the input when its input local appears anywhere but as the input argument of a
 * call to a func that does not read it: a builtin given the input, a `with` (which names the
 * local it replaces), a dynamic call. A func that prints, or calls one that does, is treated as
 * reading it, so a cached value never skips a `print` that runs today.
 */
import type { Block, Func, Policy, Stmt } from '../ir.js';
import { nestedBlocks, stmtLocals } from './stmt-locals.js';

export function inputFreeFuncs(policy: Policy): Set<string> {
  const funcs = new Map(policy.funcs.funcs.map((f) => [f.name, f]));
  const free = new Set(funcs.keys());
  for (let changed = true; changed;) {
    changed = false;
    for (const name of free) {
      if (readsInput(funcs.get(name)!, free, funcs)) {
        free.delete(name);
        changed = true;
      }
    }
  }
  return free;
}

function readsInput(func: Func, free: ReadonlySet<string>, funcs: ReadonlyMap<string, Func>): boolean {
  const input = func.params[0];
  return func.blocks.some((block) => blockReads(block, input, free, funcs));
}

function blockReads(block: Block, input: number | undefined, free: ReadonlySet<string>, funcs: ReadonlyMap<string, Func>): boolean {
  return block.stmts.some((stmt) => stmtReads(stmt, input, free, funcs)
    || nestedBlocks(stmt).some((inner) => blockReads(inner, input, free, funcs)));
}

function stmtReads(stmt: Stmt, input: number | undefined, free: ReadonlySet<string>, funcs: ReadonlyMap<string, Func>): boolean {
  if (stmt.type === 'Print') return true;
  if (stmt.type === 'Call' && funcs.has(stmt.func)) {
    if (!free.has(stmt.func)) return true;
    return stmt.args.slice(1).some((arg) => arg.type === 'local' && arg.value === input);
  }
  return input !== undefined && stmtLocals(stmt).includes(input);
}
