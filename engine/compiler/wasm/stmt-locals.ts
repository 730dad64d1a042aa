/**
 * Which IR locals a statement names, which it assigns, and which blocks it nests: what the back
 * end's analyses of a func (splitting it, finding what reads the input, folding literals) walk.
 */
import type { Block, LocalIndex, Operand, Stmt } from '../ir.js';

export function nestedBlocks(stmt: Stmt): Block[] {
  switch (stmt.type) {
    case 'Block': return stmt.blocks;
    case 'Scan': case 'Not': case 'With': return [stmt.block];
    default: return [];
  }
}

function pushOperand(op: Operand, out: LocalIndex[]): void {
  if (op.type === 'local') out.push(op.value);
}

/** Every IR local a statement names directly (reads and writes), not those of its nested blocks. */
export function stmtLocals(stmt: Stmt): LocalIndex[] {
  const out: LocalIndex[] = [];
  pushLocals(stmt, out);
  return out;
}

/**
 * stmtLocals appended to `out`: the splitter counts the locals of every statement of a large
 * func, and an array per statement was most of what that cost on a first compile.
 */
export function pushLocals(stmt: Stmt, out: LocalIndex[]): void {
  switch (stmt.type) {
    case 'ReturnLocal': out.push(stmt.source); return;
    case 'Call': for (const arg of stmt.args) pushOperand(arg, out); out.push(stmt.result); return;
    case 'CallDynamic': for (const part of stmt.path) pushOperand(part, out); out.push(...stmt.args, stmt.result); return;
    case 'Dot': pushOperand(stmt.source, out); pushOperand(stmt.key, out); out.push(stmt.target); return;
    case 'Len': pushOperand(stmt.source, out); out.push(stmt.target); return;
    case 'Scan': out.push(stmt.source, stmt.key, stmt.value); return;
    case 'AssignVar': case 'AssignVarOnce': pushOperand(stmt.source, out); out.push(stmt.target); return;
    case 'AssignInt': case 'ResetLocal': case 'MakeNull': case 'MakeNumberInt': case 'MakeNumberRef':
    case 'MakeArray': case 'MakeObject': case 'MakeSet': out.push(stmt.target); return;
    case 'Equal': case 'NotEqual': pushOperand(stmt.a, out); pushOperand(stmt.b, out); return;
    case 'IsArray': case 'IsObject': case 'IsSet': pushOperand(stmt.source, out); return;
    case 'IsDefined': case 'IsUndefined': out.push(stmt.source); return;
    case 'ArrayAppend': pushOperand(stmt.value, out); out.push(stmt.array); return;
    case 'ObjectInsert': case 'ObjectInsertOnce': pushOperand(stmt.key, out); pushOperand(stmt.value, out); out.push(stmt.object); return;
    case 'ObjectMerge': out.push(stmt.a, stmt.b, stmt.target); return;
    case 'SetAdd': pushOperand(stmt.value, out); out.push(stmt.set); return;
    case 'With': out.push(stmt.local); pushOperand(stmt.value, out); return;
    case 'ResultSetAdd': out.push(stmt.value); return;
    case 'Print': out.push(...stmt.args); return;
    case 'Block': case 'Break': case 'Not': case 'Nop': case 'Abort': return;
  }
}

/**
 * Locals a statement itself may leave assigned, not those of its nested blocks. `With` restores
 * its local on every way out, and collection statements change the value a local points to,
 * not the local.
 */
export function addOwnWrites(stmt: Stmt, out: Set<LocalIndex>): void {
  switch (stmt.type) {
    case 'Call': case 'CallDynamic': out.add(stmt.result); return;
    case 'Scan': out.add(stmt.key); out.add(stmt.value); return;
    case 'Dot': case 'Len': case 'AssignVar': case 'AssignVarOnce': case 'AssignInt': case 'ResetLocal': case 'MakeNull':
    case 'MakeNumberInt': case 'MakeNumberRef': case 'MakeArray': case 'MakeObject': case 'MakeSet': case 'ObjectMerge':
      out.add(stmt.target);
      return;
    default: return;
  }
}

/** Locals a statement, or any statement nested in it, may leave assigned. */
export function collectWrites(stmt: Stmt, out: Set<LocalIndex>): void {
  addOwnWrites(stmt, out);
  for (const block of nestedBlocks(stmt)) for (const inner of block.stmts) collectWrites(inner, out);
}
