/**
 * Collection literals made only of string constants (`{"a", "b"}`, `["config", "paths"]`,
 * `{"k": "v"}`, `{}`) are laid out once in the data segment, like string constants, instead of
 * being built again at every evaluation: `input.method in {...}` or a settings path would
 * otherwise allocate, insert and sort the same collection in every decision.
 *
 * Sharing one value is safe only while nothing changes it. Rego values are immutable and the
 * runtime's builtins build their results anew (they already share data across evaluations);
 * what generated code changes in place are the collections it makes (MakeArray, MakeSet,
 * MakeObject) and then fills. So a policy folds literals only if, in every func and plan, each
 * local that is filled is defined there by Make statements alone: never a parameter, a call's
 * result or a copy of another local, through which a shared value could arrive. And a literal
 * folds only when its local is filled nowhere but by the constant inserts right after its Make.
 */
import type { Block, Operand, Policy, Stmt } from '../ir.js';
import { encodeUtf8 } from './binary.js';
import type { DataLayout } from './data-layout.js';
import { nestedBlocks } from './stmt-locals.js';

/** engine/runtime/assembly/value.ts: the collection type tags. */
const T_ARRAY = 5;
const T_OBJECT = 6;
const T_SET = 7;

type MakeStmt = Extract<Stmt, { type: 'MakeArray' | 'MakeObject' | 'MakeSet' }>;
type FillStmt = Extract<Stmt, { type: 'ArrayAppend' | 'SetAdd' | 'ObjectInsert' | 'ObjectInsertOnce' }>;

export interface ConstantLiterals {
  /** Make statements whose collection is in the data segment, with its address. */
  readonly values: ReadonlyMap<Stmt, number>;
  /** The inserts that filled them: they generate no code. */
  readonly absorbed: ReadonlySet<Stmt>;
}

export function constantLiterals(policy: Policy, data: DataLayout): ConstantLiterals {
  const values = new Map<Stmt, number>();
  const absorbed = new Set<Stmt>();
  const bodies = [
    ...policy.funcs.funcs.map((f) => ({ blocks: f.blocks, params: f.params })),
    ...policy.plans.plans.map((p) => ({ blocks: p.blocks, params: [0, 1] })),
  ];
  if (!bodies.every((b) => fillsOnlyWhatItMakes(b.blocks, b.params))) return { values, absorbed };
  const strings = policy.static.strings;
  for (const body of bodies) {
    const filled = fillCounts(body.blocks);
    forEachBlock(body.blocks, (block) => {
      block.stmts.forEach((stmt, i) => {
        if (!isMake(stmt)) return;
        const run = constantRun(block.stmts, i, stmt.target);
        if (run.length !== (filled.get(stmt.target) ?? 0)) return;
        const addr = layOut(stmt, run, run.map((fill) => operandTexts(fill, strings)), data);
        if (addr === undefined) return;
        values.set(stmt, addr);
        for (const fill of run) absorbed.add(fill);
      });
    });
  }
  return { values, absorbed };
}

function isMake(stmt: Stmt): stmt is MakeStmt {
  return stmt.type === 'MakeArray' || stmt.type === 'MakeObject' || stmt.type === 'MakeSet';
}

function filledLocal(stmt: Stmt): number | undefined {
  switch (stmt.type) {
    case 'ArrayAppend': return stmt.array;
    case 'SetAdd': return stmt.set;
    case 'ObjectInsert': case 'ObjectInsertOnce': return stmt.object;
    default: return undefined;
  }
}

/** The locals a statement assigns (the local a With replaces only for its block). */
function definedLocals(stmt: Stmt): number[] {
  switch (stmt.type) {
    case 'Call': case 'CallDynamic': return [stmt.result];
    case 'Scan': return [stmt.key, stmt.value];
    case 'With': return [stmt.local];
    default: return 'target' in stmt ? [stmt.target] : [];
  }
}

function forEachBlock(blocks: readonly Block[], visit: (block: Block) => void): void {
  for (const block of blocks) {
    visit(block);
    for (const stmt of block.stmts) forEachBlock(nestedBlocks(stmt), visit);
  }
}

function forEachStmt(blocks: readonly Block[], visit: (stmt: Stmt) => void): void {
  forEachBlock(blocks, (block) => block.stmts.forEach(visit));
}

function fillsOnlyWhatItMakes(blocks: readonly Block[], params: readonly number[]): boolean {
  const filled = new Set<number>();
  forEachStmt(blocks, (stmt) => {
    const local = filledLocal(stmt);
    if (local !== undefined) filled.add(local);
  });
  if (params.some((p) => filled.has(p))) return false;
  let ok = true;
  forEachStmt(blocks, (stmt) => {
    if (isMake(stmt) || stmt.type === 'ResetLocal') return;
    if (definedLocals(stmt).some((local) => filled.has(local))) ok = false;
  });
  return ok;
}

function fillCounts(blocks: readonly Block[]): Map<number, number> {
  const counts = new Map<number, number>();
  forEachStmt(blocks, (stmt) => {
    const local = filledLocal(stmt);
    if (local !== undefined) counts.set(local, (counts.get(local) ?? 0) + 1);
  });
  return counts;
}

/** The inserts of string constants into `target` that follow its Make at `at`, as many as there are. */
function constantRun(stmts: readonly Stmt[], at: number, target: number): FillStmt[] {
  const make = stmts[at] as MakeStmt;
  const run: FillStmt[] = [];
  for (let i = at + 1; i < stmts.length; i++) {
    const stmt = stmts[i]!;
    if (filledLocal(stmt) !== target || !fits(make, stmt)) break;
    run.push(stmt as FillStmt);
  }
  return run;
}

function fits(make: MakeStmt, fill: Stmt): boolean {
  switch (fill.type) {
    case 'ArrayAppend': return make.type === 'MakeArray' && isString(fill.value);
    case 'SetAdd': return make.type === 'MakeSet' && isString(fill.value);
    case 'ObjectInsert': case 'ObjectInsertOnce': return make.type === 'MakeObject' && isString(fill.key) && isString(fill.value);
    default: return false;
  }
}

function isString(operand: Operand): operand is { type: 'string_index'; value: number } {
  return operand.type === 'string_index';
}

function operandTexts(fill: FillStmt, strings: Policy['static']['strings']): [string, string?] {
  const text = (operand: Operand): string => {
    const value = strings[(operand as { value: number }).value]?.value;
    if (value === undefined) throw new Error(`internal: literal member with missing string ${JSON.stringify(operand)}`);
    return value;
  };
  return fill.type === 'ObjectInsert' || fill.type === 'ObjectInsertOnce' ? [text(fill.key), text(fill.value)] : [text(fill.value)];
}

/** The collection as the runtime would have built it, in the data segment; undefined when it would abort instead. */
function layOut(make: MakeStmt, run: readonly FillStmt[], texts: Array<[string, string?]>, data: DataLayout): number | undefined {
  if (make.type === 'MakeArray') return data.collectionValue(T_ARRAY, texts.map(([t]) => data.stringValue(t)));
  if (make.type === 'MakeSet') return data.collectionValue(T_SET, sortedKeys(texts.map(([t]) => t)).map((t) => data.stringValue(t)));
  const members = new Map<string, string>();
  for (let i = 0; i < run.length; i++) {
    const [key, value] = texts[i]! as [string, string];
    // ObjectInsertOnce aborts the evaluation on a key given two values: the runtime must say so.
    if (run[i]!.type === 'ObjectInsertOnce' && members.has(key) && members.get(key) !== value) return undefined;
    members.set(key, value);
  }
  const slots = sortedKeys([...members.keys()]).flatMap((key) => [data.stringValue(key), data.stringValue(members.get(key)!)]);
  return data.collectionValue(T_OBJECT, slots);
}

/** Distinct strings in the runtime's order: by their UTF-8 bytes, a prefix first. */
function sortedKeys(texts: readonly string[]): string[] {
  const bytes = [...new Set(texts)].map((text) => ({ text, utf8: encodeUtf8(text) }));
  bytes.sort((a, b) => Buffer.compare(a.utf8, b.utf8));
  return bytes.map((b) => b.text);
}
