/**
 * Collection literals made only of string and boolean constants (`{"a", "b"}`,
 * `["config", "paths"]`, `{"k": "v", "on": true}`, `{}`; object keys are strings), and arrays
 * and objects whose values are such literals in turn (`{"t": {"fields": ["path"]}}`), are laid out
 * once in the data segment, like string constants, instead of being built again at every
 * evaluation: `input.method in {...}` or a settings path would otherwise allocate, insert and
 * sort the same collection in every decision. Booleans are the runtime's singletons, so they
 * are folded only with a runtime that exports their addresses.
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
import type { Singletons } from './runtime-abi.js';
import { addOwnWrites } from './stmt-locals.js';

/** engine/runtime/assembly/value.ts: the type tags, which order values of different types. */
const T_BOOLEAN = 2;
const T_STRING = 4;
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

/** A member's value in the data segment, with what orders it among a set's members (not a nested collection's). */
interface Constant { addr: number; tag: number; bytes: Uint8Array }

export function constantLiterals(policy: Policy, data: DataLayout, singletons?: Singletons): ConstantLiterals {
  const values = new Map<Stmt, number>();
  const absorbed = new Set<Stmt>();
  const bodies: Body[] = [];
  for (const f of policy.funcs.funcs) bodies.push(survey(f.blocks, f.params));
  for (const p of policy.plans.plans) bodies.push(survey(p.blocks, PLAN_PARAMS));
  if (!bodies.every(fillsOnlyWhatItMakes)) return { values, absorbed };
  const constant = constants(policy.static.strings, data, singletons);
  for (const body of bodies) {
    // Per block, the collections folded so far: a literal nested in another is made just before it.
    const earlier = new Map<readonly Stmt[], Folded[]>();
    for (const [stmts, at] of body.makes) {
      const make = stmts[at] as MakeStmt;
      const member = (op: Operand, i: number): Constant | undefined => {
        if (op.type !== 'local') return isConstant(op, singletons) ? constant(op) : undefined;
        const addr = foldedBefore(stmts, earlier.get(stmts), op.value, i);
        return addr === undefined ? undefined : { addr, tag: 0, bytes: new Uint8Array() };
      };
      const run = constantRun(stmts, at, make, member);
      if (run.length !== (body.fills.get(make.target) ?? 0)) continue;
      const addr = layOut(make, run, constant, data);
      if (addr === undefined) continue;
      values.set(make, addr);
      for (const { fill } of run) absorbed.add(fill);
      let folded = earlier.get(stmts);
      if (!folded) earlier.set(stmts, folded = []);
      folded.push({ at, local: make.target, addr });
    }
  }
  return { values, absorbed };
}

/** A collection folded at statement `at` of its block, into `local`. */
interface Folded { at: number; local: number; addr: number }

/**
 * The address of the folded collection `local` holds at statement i of `stmts`: made earlier in
 * the same block, and assigned nothing since (a nested block might, so none may come between).
 */
function foldedBefore(stmts: readonly Stmt[], folded: readonly Folded[] | undefined, local: number, i: number): number | undefined {
  let made: Folded | undefined;
  for (const f of folded ?? []) if (f.local === local && f.at < i) made = f;
  if (!made) return undefined;
  for (let k = made.at + 1; k < i; k++) if (mayAssign(stmts[k]!, local)) return undefined;
  return made.addr;
}

function mayAssign(stmt: Stmt, local: number): boolean {
  switch (stmt.type) {
    case 'Block': case 'Scan': case 'Not': case 'With': return true;
    default: {
      const written = new Set<number>();
      addOwnWrites(stmt, written);
      return written.has(local);
    }
  }
}

function isConstant(op: Operand, singletons: Singletons | undefined): boolean {
  return op.type === 'string_index' || (singletons !== undefined && op.type === 'bool');
}

const PLAN_PARAMS = [0, 1];

/** One walk of a func or plan: what the analysis needs of it. */
interface Body {
  params: readonly number[];
  /** Each Make statement, as its block's statements and its index there. */
  makes: Array<[readonly Stmt[], number]>;
  /** Filled locals, with how many statements fill each. */
  fills: Map<number, number>;
  /** Locals assigned by anything but a Make or a ResetLocal. */
  otherwise: Set<number>;
}

function survey(blocks: readonly Block[], params: readonly number[]): Body {
  const body: Body = { params, makes: [], fills: new Map(), otherwise: new Set() };
  surveyBlocks(blocks, body);
  return body;
}

function surveyBlocks(blocks: readonly Block[], body: Body): void {
  for (const block of blocks) {
    const stmts = block.stmts;
    for (let i = 0; i < stmts.length; i++) {
      const stmt = stmts[i]!;
      switch (stmt.type) {
        case 'MakeArray': case 'MakeObject': case 'MakeSet': body.makes.push([stmts, i]); break;
        case 'ArrayAppend': fill(body, stmt.array); break;
        case 'SetAdd': fill(body, stmt.set); break;
        case 'ObjectInsert': case 'ObjectInsertOnce': fill(body, stmt.object); break;
        case 'ResetLocal': break;
        case 'Scan': addOwnWrites(stmt, body.otherwise); surveyBlocks([stmt.block], body); break;
        case 'With': body.otherwise.add(stmt.local); surveyBlocks([stmt.block], body); break;
        case 'Not': surveyBlocks([stmt.block], body); break;
        case 'Block': surveyBlocks(stmt.blocks, body); break;
        default: addOwnWrites(stmt, body.otherwise);
      }
    }
  }
}

function fill(body: Body, local: number): void {
  body.fills.set(local, (body.fills.get(local) ?? 0) + 1);
}

function fillsOnlyWhatItMakes(body: Body): boolean {
  for (const local of body.fills.keys()) if (body.otherwise.has(local) || body.params.includes(local)) return false;
  return true;
}

/** An insert of a constant into a collection being folded, with the value inserted. */
interface Member { fill: FillStmt; value: Constant }

/**
 * The inserts of constants into the Make's collection that follow it, as many as there are.
 * `member(op, i)` is the constant an operand of statement i names: a string or boolean, or (as
 * an array's element or an object's value, where order does not depend on it) a collection
 * folded just before.
 */
function constantRun(stmts: readonly Stmt[], at: number, make: MakeStmt, member: (op: Operand, i: number) => Constant | undefined): Member[] {
  const run: Member[] = [];
  for (let i = at + 1; i < stmts.length; i++) {
    const stmt = stmts[i]!;
    const value = insertedInto(make, stmt);
    const constant = value && (value.nestable || value.op.type !== 'local') ? member(value.op, i) : undefined;
    if (!constant) break;
    run.push({ fill: stmt as FillStmt, value: constant });
  }
  return run;
}

/** What a statement inserts into the collection `make` made (an object's key must be a string). */
function insertedInto(make: MakeStmt, fill: Stmt): { op: Operand; nestable: boolean } | undefined {
  switch (fill.type) {
    case 'ArrayAppend': return make.type === 'MakeArray' && fill.array === make.target ? { op: fill.value, nestable: true } : undefined;
    case 'SetAdd': return make.type === 'MakeSet' && fill.set === make.target ? { op: fill.value, nestable: false } : undefined;
    case 'ObjectInsert': case 'ObjectInsertOnce':
      return make.type === 'MakeObject' && fill.object === make.target && fill.key.type === 'string_index' ? { op: fill.value, nestable: true } : undefined;
    default: return undefined;
  }
}

/** The constant an operand of a run names. */
function constants(strings: Policy['static']['strings'], data: DataLayout, singletons?: Singletons): (op: Operand) => Constant {
  return (op) => {
    if (op.type === 'bool' && singletons) {
      return { addr: op.value ? singletons.true : singletons.false, tag: T_BOOLEAN, bytes: Uint8Array.of(op.value ? 1 : 0) };
    }
    const text = op.type === 'string_index' ? strings[op.value]?.value : undefined;
    if (text === undefined) throw new Error(`internal: literal member that is not a constant: ${JSON.stringify(op)}`);
    return { addr: data.stringValue(text), tag: T_STRING, bytes: encodeUtf8(text) };
  };
}

/** The collection as the runtime would have built it, in the data segment; undefined when it would abort instead. */
function layOut(make: MakeStmt, run: readonly Member[], constant: (op: Operand) => Constant, data: DataLayout): number | undefined {
  if (make.type === 'MakeArray') return data.collectionValue(T_ARRAY, run.map((m) => m.value.addr));
  if (make.type === 'MakeSet') return data.collectionValue(T_SET, ordered(run.map((m) => m.value)));
  const members = new Map<number, [Constant, Constant]>();
  for (const { fill, value } of run as Array<{ fill: Extract<FillStmt, { type: 'ObjectInsert' | 'ObjectInsertOnce' }>; value: Constant }>) {
    const key = constant(fill.key);
    // ObjectInsertOnce aborts the evaluation on a key given two values: the runtime must say so
    // (two collections equal but at two addresses are left to it too).
    if (fill.type === 'ObjectInsertOnce' && members.has(key.addr) && members.get(key.addr)![1].addr !== value.addr) return undefined;
    members.set(key.addr, [key, value]);
  }
  const keys = ordered([...members.values()].map(([key]) => key));
  return data.collectionValue(T_OBJECT, keys.flatMap((key) => [key, members.get(key)![1].addr]));
}

/**
 * Distinct constants' addresses in the runtime's order (compare.ts): by type, booleans false
 * first, strings by their UTF-8 bytes, a prefix first. Equal constants share one address.
 */
function ordered(members: readonly Constant[]): number[] {
  const distinct = [...new Map(members.map((m) => [m.addr, m])).values()];
  distinct.sort((a, b) => a.tag - b.tag || Buffer.compare(a.bytes, b.bytes));
  return distinct.map((m) => m.addr);
}
