/**
 * What of `input` each entrypoint can read: the members its plan, and every func the plan calls,
 * reach by constant keys (`input.params.name`), each kept whole where the value is used as a
 * whole (compared, iterated, counted, given to a builtin or a function argument, returned, put in
 * a collection, reached by a computed key). A host may leave everything else out of the input:
 * the answer cannot depend on it, and a smaller input costs less to write and to parse.
 *
 * The analysis runs on the plan IR and is conservative by construction: a local is followed only
 * through `Dot` with a constant key and `AssignVar`, and any other statement that names it reads
 * the whole of every input path it may hold. Locals are tracked without regard to order (a local
 * reused for two paths holds both), so a reordering or a reused local can only widen the result.
 * A func's reads of its own input parameter are grafted where a call passes it an input path, so
 * `with input as ...` (which replaces the input local inside a block) counts as reading input.
 * Input is never a set, and arrays are kept whole, so only objects lose members: a member kept
 * keeps its type, and an object read only for its type stays an (empty) object.
 */
import type { Block, Func, LocalIndex, Operand, Policy, Stmt } from '../ir.js';

/** `true`: the whole value. An object: the value's type, and only the members named, each read as given. */
export type InputReads = true | { readonly [key: string]: InputReads };

/** Paths deeper than this are read whole from there: bounds a cycle of locals (`x = x.a` in a loop). */
const MAX_DEPTH = 32;

class ReadTree {
  whole = false;
  readonly children = new Map<string, ReadTree>();

  constructor(readonly depth = 0) {}

  child(key: string): ReadTree {
    let child = this.children.get(key);
    if (!child) this.children.set(key, child = new ReadTree(this.depth + 1));
    return child;
  }

  graft(reads: ReadTree): void {
    if (reads.whole) this.whole = true;
    for (const [key, child] of reads.children) this.child(key).graft(child);
  }

  toReads(): InputReads {
    if (this.whole) return true;
    const out: Record<string, InputReads> = {};
    for (const [key, child] of this.children) out[key] = child.toReads();
    return out;
  }
}

/** Entrypoint name -> what its plan can read of `input`. */
export function inputReads(policy: Policy): Record<string, InputReads> {
  const analysis = new Analysis(policy);
  const out: Record<string, InputReads> = {};
  for (const plan of policy.plans.plans) out[plan.name] = analysis.blocks(plan.blocks, 0).toReads();
  return out;
}

/**
 * The nodes of the read tree each local may hold (the input paths it may be bound to), and the
 * locals consulted in the current walk: a local that gains a node after it was consulted sends
 * the walk round again, which a plan's order of definitions before uses makes rare.
 */
class Walk {
  readonly #held = new Map<LocalIndex, ReadTree[]>();
  readonly #consulted = new Set<LocalIndex>();
  again = true;

  constructor(input: LocalIndex, tree: ReadTree) {
    this.#held.set(input, [tree]);
  }

  restart(): void {
    this.again = false;
    this.#consulted.clear();
  }

  held(local: LocalIndex): readonly ReadTree[] {
    this.#consulted.add(local);
    return this.#held.get(local) ?? NONE;
  }

  bind(local: LocalIndex, node: ReadTree): void {
    const nodes = this.#held.get(local);
    if (!nodes) this.#held.set(local, [node]);
    else if (nodes.includes(node)) return;
    else nodes.push(node);
    if (this.#consulted.has(local)) this.again = true;
  }

  whole(local: LocalIndex): void {
    for (const node of this.held(local)) node.whole = true;
  }

  operand(op: Operand): void {
    if (op.type === 'local') this.whole(op.value);
  }
}

class Analysis {
  readonly #funcs: ReadonlyMap<string, Func>;
  readonly #strings: readonly string[];
  readonly #summaries = new Map<string, ReadTree>();
  readonly #inProgress = new Set<string>();

  constructor(policy: Policy) {
    this.#funcs = new Map(policy.funcs.funcs.map((f) => [f.name, f]));
    this.#strings = policy.static.strings.map((s) => s.value);
  }

  /** What `blocks` read of the value in local `input`, relative to it. */
  blocks(blocks: readonly Block[], input: LocalIndex): ReadTree {
    const tree = new ReadTree();
    const walk = new Walk(input, tree);
    while (walk.again) {
      walk.restart();
      for (let i = 0; i < blocks.length; i++) this.#walk(blocks[i]!, walk);
    }
    return tree;
  }

  /** A func's reads of its input parameter. Recursion (which Rego forbids) reads everything. */
  #summary(func: Func): ReadTree {
    const known = this.#summaries.get(func.name);
    if (known) return known;
    if (this.#inProgress.has(func.name) || func.params.length === 0) return wholeTree();
    this.#inProgress.add(func.name);
    const tree = this.blocks(func.blocks, func.params[0]!);
    this.#inProgress.delete(func.name);
    this.#summaries.set(func.name, tree);
    return tree;
  }

  // Indexed loops: this runs once per compile, mostly before V8 has optimised it, where for-of costs several times more.
  #walk(block: Block, walk: Walk): void {
    const stmts = block.stmts;
    for (let i = 0; i < stmts.length; i++) {
      const stmt = stmts[i]!;
      this.#stmt(stmt, walk);
      if (stmt.type === 'Block') for (let j = 0; j < stmt.blocks.length; j++) this.#walk(stmt.blocks[j]!, walk);
      else if (stmt.type === 'Scan' || stmt.type === 'Not' || stmt.type === 'With') this.#walk(stmt.block, walk);
    }
  }

  #stmt(stmt: Stmt, walk: Walk): void {
    switch (stmt.type) {
      case 'Dot':
        if (stmt.source.type === 'local') {
          if (stmt.key.type === 'string_index') {
            const key = this.#strings[stmt.key.value]!;
            for (const node of walk.held(stmt.source.value)) {
              if (node.depth >= MAX_DEPTH) node.whole = true;
              else walk.bind(stmt.target, node.child(key));
            }
          } else {
            walk.whole(stmt.source.value);
          }
        }
        walk.operand(stmt.key);
        return;
      case 'AssignVar':
        if (stmt.source.type === 'local') for (const node of walk.held(stmt.source.value).slice()) walk.bind(stmt.target, node);
        return;
      case 'Call': {
        const func = this.#funcs.get(stmt.func);
        const [first, ...rest] = stmt.args;
        if (!func || first?.type !== 'local') {
          stmt.args.forEach((op) => walk.operand(op));
          return;
        }
        const nodes = walk.held(first.value);
        if (nodes.length > 0) {
          const reads = this.#summary(func);
          for (const node of nodes) node.graft(reads);
        }
        rest.forEach((op) => walk.operand(op));
        return;
      }
      default:
        for (const read of readWhole(stmt)) {
          if (typeof read === 'number') walk.whole(read);
          else walk.operand(read);
        }
    }
  }
}

type Followed = 'Dot' | 'AssignVar' | 'Call';

/**
 * What every other statement reads whole: its operands and the locals it reads (not those it only
 * writes). A statement type added to the IR must be given its reads here, or this does not compile.
 */
function readWhole(stmt: Exclude<Stmt, { type: Followed }>): Array<Operand | LocalIndex> {
  switch (stmt.type) {
    case 'CallDynamic': return [...stmt.path, ...stmt.args];
    // Definedness and type: a narrowed value keeps both, and the local's node is in the tree.
    case 'IsDefined': case 'IsUndefined': case 'IsArray': case 'IsObject': case 'IsSet': return [];
    case 'AssignInt': case 'ResetLocal': case 'MakeNull': case 'MakeNumberInt': case 'MakeNumberRef':
    case 'MakeArray': case 'MakeObject': case 'MakeSet': return [];
    case 'Block': case 'Break': case 'Not': case 'Nop': case 'Abort': return [];
    // With names the local it replaces inside its block, which reads nothing of it.
    case 'With': return [stmt.value];
    case 'Len': case 'Scan': case 'ReturnLocal': return [stmt.source];
    case 'ResultSetAdd': return [stmt.value];
    case 'Print': return stmt.args;
    case 'Equal': case 'NotEqual': return [stmt.a, stmt.b];
    case 'AssignVarOnce': return [stmt.source, stmt.target];
    case 'ArrayAppend': return [stmt.value, stmt.array];
    case 'SetAdd': return [stmt.value, stmt.set];
    case 'ObjectInsert': case 'ObjectInsertOnce': return [stmt.key, stmt.value, stmt.object];
    case 'ObjectMerge': return [stmt.a, stmt.b];
  }
}

const NONE: readonly ReadTree[] = [];

function wholeTree(): ReadTree {
  const tree = new ReadTree();
  tree.whole = true;
  return tree;
}
