/**
 * The Rego abstract syntax tree: plain data, a location on every node.
 * The parser produces it; later compiler stages read it and never mutate the parser's output.
 */

export interface Location {
  file: string;
  row: number;
  col: number;
}

export interface NullTerm { type: 'null'; loc: Location }
export interface BooleanTerm { type: 'boolean'; value: boolean; loc: Location }
/** `value` is the literal text as written (e.g. "1e3", "12345678901234567890"), never a JS number. */
export interface NumberTerm { type: 'number'; value: string; loc: Location }
/** `value` is the decoded string (escapes resolved; raw strings verbatim). */
export interface StringTerm { type: 'string'; value: string; loc: Location }
/** `_` is kept as the name `_`; the compiler gives each occurrence a unique name. */
export interface VarTerm { type: 'var'; name: string; loc: Location }
/**
 * `head.path[0][1]...`: `a.b` gives path [string "b"]; `a[x]` gives path [var x].
 * `head` is a var for `input.x`, `data.x`, `foo.bar`, or any other term such as `[1,2][0]` or `f(x).y`.
 */
export interface RefTerm { type: 'ref'; head: Term; path: Term[]; loc: Location }
export interface ArrayTerm { type: 'array'; items: Term[]; loc: Location }
export interface ObjectTerm { type: 'object'; items: Array<[Term, Term]>; loc: Location }
export interface SetTerm { type: 'set'; items: Term[]; loc: Location }
export interface ArrayComprehension { type: 'arraycomp'; head: Term; body: Body; loc: Location }
export interface SetComprehension { type: 'setcomp'; head: Term; body: Body; loc: Location }
export interface ObjectComprehension { type: 'objectcomp'; key: Term; value: Term; body: Body; loc: Location }
/**
 * A call. `fn` is the operator as a ref or var: `count(x)` has fn var `count`,
 * `time.now_ns()` has fn ref `time` . `now_ns`, `data.lib.f(x)` has fn ref `data`.`lib`.`f`.
 * Infix operators are calls to OPA's builtin names:
 * `==` equal, `!=` neq, `<` lt, `<=` lte, `>` gt, `>=` gte, `+` plus, `-` minus, `*` mul,
 * `/` div, `%` rem, `&` and, `|` or, `=` eq, `:=` assign, `x in xs` internal.member_2,
 * `k, v in xs` internal.member_3. A unary minus before a non-literal is `minus(0, x)`.
 */
export interface CallTerm { type: 'call'; fn: VarTerm | RefTerm; args: Term[]; loc: Location }

export type Term =
  | NullTerm | BooleanTerm | NumberTerm | StringTerm | VarTerm | RefTerm
  | ArrayTerm | ObjectTerm | SetTerm
  | ArrayComprehension | SetComprehension | ObjectComprehension
  | CallTerm;

/** `x with input.a as 1`. */
export interface With { target: Term; value: Term; loc: Location }

interface ExprBase { negated: boolean; with: With[]; loc: Location }
/** A plain expression: a term whose value must be defined and not `false` (calls included). */
export interface TermExpr extends ExprBase { type: 'term'; term: Term }
/** `some x, y` */
export interface SomeDecl extends ExprBase { type: 'some'; vars: VarTerm[] }
/** `some v in xs` / `some k, v in xs` (key absent in the one-variable form). */
export interface SomeIn extends ExprBase { type: 'somein'; key?: Term; value: Term; collection: Term }
/** `every v in xs { ... }` / `every k, v in xs { ... }` */
export interface Every extends ExprBase { type: 'every'; key?: VarTerm; value: VarTerm; domain: Term; body: Body }

export type Expr = TermExpr | SomeDecl | SomeIn | Every;
export type Body = Expr[];

/**
 * A rule head. `ref` is the rule's path inside its package: `p` is [var p];
 * `a.b[x]` is [var a, string b, var x].
 * - `p := 1`, `p = 1`, `p if ...` (value absent means `true`): complete rule (or single-value ref-head rule).
 * - `p contains x`: `contains` holds `x` (multi-value rule, a partial set).
 * - `f(x) := y`: `args` present (a function).
 * In Rego v0 `p[x] { ... }` (no value) is a partial set: the parser puts `x` in `contains`.
 */
export interface RuleHead {
  ref: Term[];
  args?: Term[];
  value?: Term;
  contains?: Term;
  /** true for `:=`. */
  assign: boolean;
  loc: Location;
}

export interface Rule {
  default: boolean;
  head: RuleHead;
  /** An empty body (e.g. `p := 1`) is a body that is always true. */
  body: Body;
  /** `else [= value] if { ... }`; its head holds only `value` (and the parent's args). */
  else?: Rule;
  /**
   * From a `# METADATA` comment block before the statement: OPA's annotation object as
   * `rego.metadata.*` returns it (`scope` always set; `authors` and `related_resources` as objects).
   */
  annotations?: Record<string, unknown>;
  loc: Location;
}

export interface Import {
  /** e.g. ref `data`.`lib`.`x`, or var `input`, or ref `rego`.`v1`, `future`.`keywords`. */
  path: RefTerm | VarTerm;
  alias?: string;
  loc: Location;
}

export interface Package {
  /** Strings after `data`: `package a.b` is ["a", "b"]; `package a["b.c"]` is ["a", "b.c"]. */
  path: string[];
  /**
   * From a `# METADATA` comment block before the statement: OPA's annotation object as
   * `rego.metadata.*` returns it (`scope` always set; `authors` and `related_resources` as objects).
   */
  annotations?: Record<string, unknown>;
  loc: Location;
}

export interface Module {
  file: string;
  package: Package;
  imports: Import[];
  rules: Rule[];
  /** 0 or 1, from the caller's option (v1 is the default); `import rego.v1` in a v0 module makes it v1. */
  regoVersion: 0 | 1;
}
