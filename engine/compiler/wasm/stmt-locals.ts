/**
 * Which IR locals a statement names, and which blocks it nests: what the back end's analyses of a
 * func (splitting it, finding what reads the input) walk.
 */
import type { Block, LocalIndex, Operand, Stmt } from '../ir.js';

export function nestedBlocks(stmt: Stmt): Block[] {
  switch (stmt.type) {
    case 'Block': return stmt.blocks;
    case 'Scan': case 'Not': case 'With': return [stmt.block];
    default: return [];
  }
}

function operandLocals(ops: readonly Operand[]): LocalIndex[] {
  const out: LocalIndex[] = [];
  for (const op of ops) if (op.type === 'local') out.push(op.value);
  return out;
}

/** Every IR local a statement names directly (reads and writes), not those of its nested blocks. */
export function stmtLocals(stmt: Stmt): LocalIndex[] {
  switch (stmt.type) {
    case 'ReturnLocal': return [stmt.source];
    case 'Call': return [...operandLocals(stmt.args), stmt.result];
    case 'CallDynamic': return [...operandLocals(stmt.path), ...stmt.args, stmt.result];
    case 'Dot': return [...operandLocals([stmt.source, stmt.key]), stmt.target];
    case 'Len': return [...operandLocals([stmt.source]), stmt.target];
    case 'Scan': return [stmt.source, stmt.key, stmt.value];
    case 'AssignVar': case 'AssignVarOnce': return [...operandLocals([stmt.source]), stmt.target];
    case 'AssignInt': case 'ResetLocal': case 'MakeNull': case 'MakeNumberInt': case 'MakeNumberRef':
    case 'MakeArray': case 'MakeObject': case 'MakeSet': return [stmt.target];
    case 'Equal': case 'NotEqual': return operandLocals([stmt.a, stmt.b]);
    case 'IsArray': case 'IsObject': case 'IsSet': return operandLocals([stmt.source]);
    case 'IsDefined': case 'IsUndefined': return [stmt.source];
    case 'ArrayAppend': return [...operandLocals([stmt.value]), stmt.array];
    case 'ObjectInsert': case 'ObjectInsertOnce': return [...operandLocals([stmt.key, stmt.value]), stmt.object];
    case 'ObjectMerge': return [stmt.a, stmt.b, stmt.target];
    case 'SetAdd': return [...operandLocals([stmt.value]), stmt.set];
    case 'With': return [stmt.local, ...operandLocals([stmt.value])];
    case 'ResultSetAdd': return [stmt.value];
    case 'Print': return stmt.args;
    case 'Block': case 'Break': case 'Not': case 'Nop': case 'Abort': return [];
  }
}
