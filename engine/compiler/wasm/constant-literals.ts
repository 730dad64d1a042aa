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
  const bodies: Body[] = [];
  for (const f of policy.funcs.funcs) bodies.push(survey(f.blocks, f.params));
  for (const p of policy.plans.plans) bodies.push(survey(p.blocks, PLAN_PARAMS));
  if (!bodies.every(fillsOnlyWhatItMakes)) return { values, absorbed };
  const strings = policy.static.strings;
  for (const body of bodies) {
    for (const [stmts, at] of body.makes) {
      const make = stmts[at] as MakeStmt;
      const run = constantRun(stmts, at, make);
      if (run.length !== (body.fills.get(make.target) ?? 0)) continue;
      const addr = layOut(make, run, run.map((fill) => operandTexts(fill, strings)), data);
      if (addr === undefined) continue;
      values.set(make, addr);
      for (const fill of run) absorbed.add(fill);
    }
  }
  return { values, absorbed };
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
        case 'Call': case 'CallDynamic': body.otherwise.add(stmt.result); break;
        case 'Scan': body.otherwise.add(stmt.key).add(stmt.value); surveyBlocks([stmt.block], body); break;
        case 'With': body.otherwise.add(stmt.local); surveyBlocks([stmt.block], body); break;
        case 'Not': surveyBlocks([stmt.block], body); break;
        case 'Block': surveyBlocks(stmt.blocks, body); break;
        default: if ('target' in stmt) body.otherwise.add(stmt.target);
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

/** The inserts of string constants into the Make's collection that follow it, as many as there are. */
function constantRun(stmts: readonly Stmt[], at: number, make: MakeStmt): FillStmt[] {
  const run: FillStmt[] = [];
  for (let i = at + 1; i < stmts.length; i++) {
    const stmt = stmts[i]!;
    if (!fits(make, stmt)) break;
    run.push(stmt as FillStmt);
  }
  return run;
}

/** An insert of string constants into the collection `make` made. */
function fits(make: MakeStmt, fill: Stmt): boolean {
  switch (fill.type) {
    case 'ArrayAppend': return make.type === 'MakeArray' && fill.array === make.target && isString(fill.value);
    case 'SetAdd': return make.type === 'MakeSet' && fill.set === make.target && isString(fill.value);
    case 'ObjectInsert': case 'ObjectInsertOnce':
      return make.type === 'MakeObject' && fill.object === make.target && isString(fill.key) && isString(fill.value);
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
