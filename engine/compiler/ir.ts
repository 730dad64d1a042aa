/**
 * The IR plan: plain, JSON-serialisable data, modelled on OPA's documented IR
 * (policy = static + plans + funcs; blocks of statements; a location on every statement).
 *
 * Execution model (what every back end must implement):
 * - A local holds a value or is undefined. Local 0 is input, local 1 is data, in every plan and func.
 * - A block runs its statements in order. A statement "fails" when the doc below says so;
 *   failing leaves the innermost enclosing block (the rest of that block is skipped).
 *   `Break{index}` leaves `index + 1` enclosing blocks (index 0 = the current one).
 * - `Block{blocks}` runs each of its blocks in turn; a block that is left early does not stop the next.
 * - Nested statement blocks (Scan, Not, With) count as enclosing blocks for Break.
 */

export type LocalIndex = number;

export type Operand =
  | { type: 'local'; value: LocalIndex }
  | { type: 'bool'; value: boolean }
  /** An index into `static.strings`; the operand is that string value. */
  | { type: 'string_index'; value: number };

export interface Loc { file: number; row: number; col: number }

interface S { loc: Loc }

/** Return `source` from the current func (undefined if the local is undefined). */
export interface ReturnLocalStmt extends S { type: 'ReturnLocal'; source: LocalIndex }
/** result = func(args); fails if the result is undefined. `func` is a func name in `funcs` or a builtin name. */
export interface CallStmt extends S { type: 'Call'; func: string; args: Operand[]; result: LocalIndex }
/** Call the func whose `path` is the value of the operands joined by "."; fails when none or undefined. */
export interface CallDynamicStmt extends S { type: 'CallDynamic'; path: Operand[]; args: LocalIndex[]; result: LocalIndex }
export interface BlockStmt extends S { type: 'Block'; blocks: Block[] }
export interface BreakStmt extends S { type: 'Break'; index: number }
/** target = source[key] (array index, object key, or set member); fails if undefined. */
export interface DotStmt extends S { type: 'Dot'; source: Operand; key: Operand; target: LocalIndex }
/** target = number of elements; fails if source is not a collection or string (strings: code points). */
export interface LenStmt extends S { type: 'Len'; source: Operand; target: LocalIndex }
/** For each (key, value) of source (array/object/set; set keys are the elements) run block. Fails if source is not a collection. */
export interface ScanStmt extends S { type: 'Scan'; source: LocalIndex; key: LocalIndex; value: LocalIndex; block: Block }
/** Fails if block runs to its end; continues if block is left early. */
export interface NotStmt extends S { type: 'Not'; block: Block }
export interface AssignIntStmt extends S { type: 'AssignInt'; value: number; target: LocalIndex }
/** target = source (fails if source is undefined). */
export interface AssignVarStmt extends S { type: 'AssignVar'; source: Operand; target: LocalIndex }
/** If target is undefined: target = source. Else if target != source: runtime error (conflict, via opa_abort). */
export interface AssignVarOnceStmt extends S { type: 'AssignVarOnce'; source: Operand; target: LocalIndex }
export interface ResetLocalStmt extends S { type: 'ResetLocal'; target: LocalIndex }
export interface MakeNullStmt extends S { type: 'MakeNull'; target: LocalIndex }
export interface MakeNumberIntStmt extends S { type: 'MakeNumberInt'; value: number; target: LocalIndex }
/** target = number parsed from the decimal text static.strings[index]. */
export interface MakeNumberRefStmt extends S { type: 'MakeNumberRef'; index: number; target: LocalIndex }
export interface MakeArrayStmt extends S { type: 'MakeArray'; capacity: number; target: LocalIndex }
export interface MakeObjectStmt extends S { type: 'MakeObject'; target: LocalIndex }
export interface MakeSetStmt extends S { type: 'MakeSet'; target: LocalIndex }
/** Fails unless a and b are equal values (numbers by value). */
export interface EqualStmt extends S { type: 'Equal'; a: Operand; b: Operand }
export interface NotEqualStmt extends S { type: 'NotEqual'; a: Operand; b: Operand }
export interface IsArrayStmt extends S { type: 'IsArray'; source: Operand }
export interface IsObjectStmt extends S { type: 'IsObject'; source: Operand }
export interface IsSetStmt extends S { type: 'IsSet'; source: Operand }
export interface IsDefinedStmt extends S { type: 'IsDefined'; source: LocalIndex }
export interface IsUndefinedStmt extends S { type: 'IsUndefined'; source: LocalIndex }
export interface ArrayAppendStmt extends S { type: 'ArrayAppend'; value: Operand; array: LocalIndex }
export interface ObjectInsertStmt extends S { type: 'ObjectInsert'; key: Operand; value: Operand; object: LocalIndex }
/** Insert; if the key exists with a different value: runtime error (object key conflict, via opa_abort). */
export interface ObjectInsertOnceStmt extends S { type: 'ObjectInsertOnce'; key: Operand; value: Operand; object: LocalIndex }
/** target = deep merge of objects a and b (a wins on non-object leaves); fails if either is not an object. */
export interface ObjectMergeStmt extends S { type: 'ObjectMerge'; a: LocalIndex; b: LocalIndex; target: LocalIndex }
export interface SetAddStmt extends S { type: 'SetAdd'; value: Operand; set: LocalIndex }
/**
 * Run block with `local` replaced by a copy whose value at `path` (string indexes, walked through
 * objects, created as needed) is `value`; an empty path replaces the whole local. The local is restored after.
 */
export interface WithStmt extends S { type: 'With'; local: LocalIndex; path: number[]; value: Operand; block: Block }
export interface NopStmt extends S { type: 'Nop' }
/** Add the value (an object of bindings) to the plan's result set. */
export interface ResultSetAddStmt extends S { type: 'ResultSetAdd'; value: LocalIndex }
/** Print: each arg is the set of one operand's values; one line per combination goes to opa_println. */
export interface PrintStmt extends S { type: 'Print'; args: LocalIndex[] }
/** Runtime error: abort with `message` (static string index) at this location. */
export interface AbortStmt extends S { type: 'Abort'; message: number }

export type Stmt =
  | ReturnLocalStmt | CallStmt | CallDynamicStmt | BlockStmt | BreakStmt | DotStmt | LenStmt | ScanStmt
  | NotStmt | AssignIntStmt | AssignVarStmt | AssignVarOnceStmt | ResetLocalStmt | MakeNullStmt
  | MakeNumberIntStmt | MakeNumberRefStmt | MakeArrayStmt | MakeObjectStmt | MakeSetStmt | EqualStmt
  | NotEqualStmt | IsArrayStmt | IsObjectStmt | IsSetStmt | IsDefinedStmt | IsUndefinedStmt
  | ArrayAppendStmt | ObjectInsertStmt | ObjectInsertOnceStmt | ObjectMergeStmt | SetAddStmt | WithStmt
  | NopStmt | ResultSetAddStmt | PrintStmt | AbortStmt;

export interface Block { stmts: Stmt[] }

/**
 * A func: params are locals (the first two are always input and data); it returns `return`'s value
 * (undefined when never assigned). Rule funcs are named after their path, e.g. "g0.data.mcp.allow".
 */
export interface Func {
  name: string;
  path: string[];
  params: LocalIndex[];
  return: LocalIndex;
  blocks: Block[];
  /**
   * The result depends only on the input and data values passed (rules, not functions): back ends
   * may compute it once per evaluation for the same input and data locals.
   */
  memo?: boolean;
}

/** An entrypoint plan: runs its blocks with locals 0 = input, 1 = data; results via ResultSetAdd. */
export interface Plan { name: string; blocks: Block[] }

export interface BuiltinDecl {
  name: string;
  /** OPA capabilities-style type declaration; `result.type === "set"` makes back ends convert host results. */
  decl: { args?: unknown[]; result?: { type: string } };
}

export interface Policy {
  static: {
    strings: Array<{ value: string }>;
    builtin_funcs: BuiltinDecl[];
    files: Array<{ value: string }>;
  };
  plans: { plans: Plan[] };
  funcs: { funcs: Func[] };
}
