/**
 * Splits large funcs into bounded helper functions. A rule with thousands of definitions plans
 * to one func with one nested `Block` per definition, each with fresh locals; as one wasm
 * function that is thousands of locals and blocks, and V8's baseline compiler (Liftoff) spends
 * time per local at every control-flow merge: quadratic, seconds at the first evaluation of a
 * policy with a few thousand rules. Runs of consecutive `Block` statements are therefore moved
 * into helper functions of at most CHUNK_STMTS statements each, and larger blocks are opened and
 * split in turn, so every wasm function stays small and compile time grows linearly with the
 * policy.
 *
 * A helper takes the IR locals its statements share with the rest of the func (always including
 * input and data when they are used) as parameters and returns the one shared local it assigns
 * (a rule's return value), which the caller stores back. A run is left inline when its blocks
 * could leave it (a `Break` past them, `ReturnLocal`, `ResultSetAdd`) or assign more than one
 * shared local. Helpers burn no fuel: they are not calls the IR made.
 */
import type { Block, BlockStmt, Func, LocalIndex, Stmt } from '../ir.js';
import { collectWrites, nestedBlocks, pushLocals } from './stmt-locals.js';

/** Funcs with fewer statements than this are emitted as one function, as before. */
export const SPLIT_FUNC_STMTS = 600;
/** Most statements (counted through nested blocks) in one helper. */
export const CHUNK_STMTS = 200;

/** A large `Block` emitted in place, its own statements partitioned in turn. */
export interface Opened {
  open: BlockStmt;
}

export interface Chunk {
  stmts: Stmt[];
  /** IR locals passed in, in parameter order. */
  params: LocalIndex[];
  /** The shared local the helper assigns and returns, if any. */
  result?: LocalIndex;
}

/** How often each IR local of a func is named, by local index (IR locals are numbered densely from 0). */
type Counts = number[];

/** Per-func analysis: how often each local is referenced anywhere in it. */
export class FuncSplitter {
  private readonly totals: Counts = [];

  static for(func: Func): FuncSplitter | undefined {
    const size = func.blocks.reduce((n, b) => n + blockSize(b), 0);
    return size >= SPLIT_FUNC_STMTS ? new FuncSplitter(func) : undefined;
  }

  private constructor(func: Func) {
    for (const local of func.params) bump(this.totals, local);
    bump(this.totals, func.return);
    const tally = (local: LocalIndex): void => bump(this.totals, local);
    for (const block of func.blocks) for (const stmt of block.stmts) countRefs(stmt, tally);
  }

  /**
   * Groups a statement list into inline statements, chunks to move into helpers, and blocks too
   * large for one helper (a rule index's decision tree), opened in place and partitioned in turn,
   * keeping the order. Only `Block` is opened: it runs at most once per call of the func, as a
   * helper does, whereas a loop body would see its locals reset on every iteration.
   */
  partition(stmts: readonly Stmt[]): Array<Stmt | Chunk | Opened> {
    const out: Array<Stmt | Chunk | Opened> = [];
    let run: Stmt[] = [];
    let runSize = 0;
    const flush = (): void => {
      if (run.length > 0) out.push(...this.chunkOrInline(run));
      run = [];
      runSize = 0;
    };
    for (const stmt of stmts) {
      const size = stmtSize(stmt);
      if (stmt.type === 'Block' && size > CHUNK_STMTS) {
        flush();
        out.push({ open: stmt });
        continue;
      }
      if (!selfContained(stmt)) {
        flush();
        out.push(stmt);
        continue;
      }
      if (run.length > 0 && runSize + size > CHUNK_STMTS) flush();
      run.push(stmt);
      runSize += size;
    }
    flush();
    return out;
  }

  private chunkOrInline(stmts: Stmt[]): Array<Stmt | Chunk> {
    // A Map, not an array indexed by local: a chunk late in a large func names a few locals of
    // high index, and walking an array up to them for every chunk made splitting quadratic.
    const inChunk = new Map<LocalIndex, number>();
    const written = new Set<LocalIndex>();
    for (const stmt of stmts) {
      countRefs(stmt, (local) => inChunk.set(local, (inChunk.get(local) ?? 0) + 1));
      collectWrites(stmt, written);
    }
    const params: LocalIndex[] = [];
    for (const [local, count] of inChunk) if ((this.totals[local] ?? 0) > count) params.push(local);
    params.sort((a, b) => a - b);
    const results = params.filter((l) => written.has(l));
    if (results.length > 1) return stmts;
    return [{ stmts, params, ...(results.length === 1 ? { result: results[0] } : {}) }];
  }
}

export function isChunk(item: Stmt | Chunk | Opened): item is Chunk {
  return 'stmts' in item;
}

/** A `Block` whose every way out lands right after it. */
function selfContained(stmt: Stmt): boolean {
  return stmt.type === 'Block' && stmt.blocks.every((b) => staysWithin(b, 1));
}

/** `depth`: IR blocks open between here and the chunk's statement, this one included. */
function staysWithin(block: Block, depth: number): boolean {
  return block.stmts.every((stmt) => {
    switch (stmt.type) {
      case 'Break': return stmt.index < depth;
      case 'ReturnLocal': case 'ResultSetAdd': return false;
      case 'Block': return stmt.blocks.every((b) => staysWithin(b, depth + 1));
      case 'Scan': case 'Not': case 'With': return staysWithin(stmt.block, depth + 1);
      default: return true;
    }
  });
}

/** Sizes are asked of each block once per level it is nested in: remembered. */
const sizes = new WeakMap<Stmt, number>();

function blockSize(block: Block): number {
  let n = 0;
  for (const stmt of block.stmts) n += stmtSize(stmt);
  return n;
}

function stmtSize(stmt: Stmt): number {
  const nested = nestedBlocks(stmt);
  // most statements nest nothing: size 1, no WeakMap entry (the entries cost more than the sum)
  if (nested.length === 0) return 1;
  let size = sizes.get(stmt);
  if (size === undefined) {
    size = 1;
    for (const block of nested) size += blockSize(block);
    sizes.set(stmt, size);
  }
  return size;
}

function bump(counts: Counts, local: LocalIndex): void {
  counts[local] = (counts[local] ?? 0) + 1;
}

/** countRefs' scratch list: each call is done with it before it recurses. */
const named: LocalIndex[] = [];

/** Tallies every IR local a statement names (reads, writes, and those of its nested blocks). */
function countRefs(stmt: Stmt, tally: (local: LocalIndex) => void): void {
  named.length = 0;
  pushLocals(stmt, named);
  for (let i = 0; i < named.length; i++) tally(named[i]!);
  for (const block of nestedBlocks(stmt)) for (const inner of block.stmts) countRefs(inner, tally);
}
