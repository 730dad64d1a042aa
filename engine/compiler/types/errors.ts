/**
 * The type checker's diagnostics, worded as OPA's: `invalid argument(s)` with have/want lines,
 * `match error` with left/right, and `undefined ref` with the ref, a caret under the offending
 * step, and what was there against what could be.
 *
 * `want:` lists types without argument names (`want: (any<...>, number)`). OPA prints names
 * (`collection: any<...>`) only when it checks against its own Go declarations; checked against
 * a capabilities file, as `opa check --capabilities` does, it prints none, because no
 * capabilities file carries names (the corpus's, nor OPA's own up to v1.20.2). The builtins here
 * come from the corpus's capabilities.json, so the output is what OPA prints with that file.
 */
import type { Location, RefTerm, Term } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic, type ErrorDetail } from '../diagnostics.js';
import { funcArgsJson, refJson, typeJson } from './detail-json.js';
import { typeString, type Type } from './model.js';

function args(types: Array<Type | undefined>, variadic?: Type): string {
  const parts = types.map(typeString);
  if (variadic) parts.push(`${typeString(variadic)}...`);
  return `(${parts.join(', ')})`;
}

/** OPA's ArgErrDetail: the argument types found and the declared ones. */
function argDetail(have: Array<Type | undefined>, want: Array<Type | undefined>, variadic?: Type): ErrorDetail {
  return { have: have.map(typeJson), want: funcArgsJson(want, variadic) };
}

export function argError(name: string, loc: Location, have: Array<Type | undefined>, want: Array<Type | undefined>, variadic?: Type): Diagnostic {
  return diagnostic(DiagnosticCode.type, `${name}: invalid argument(s)`, loc, [`have: ${args(have)}`, `want: ${args(want, variadic)}`], argDetail(have, want, variadic));
}

/** A mismatch worded otherwise (a `with` replacement's `arity mismatch`), with the same have/want lines. */
export function argMismatch(message: string, loc: Location, have: Array<Type | undefined>, want: Array<Type | undefined>): Diagnostic {
  return diagnostic(DiagnosticCode.type, message, loc, [`have: ${args(have)}`, `want: ${args(want)}`], argDetail(have, want));
}

export function matchError(loc: Location, left: Type | undefined, right: Type | undefined): Diagnostic {
  return diagnostic(DiagnosticCode.type, 'match error', loc, [`left  : ${typeString(left)}`, `right : ${typeString(right)}`], { a: typeJson(left), b: typeJson(right) });
}

/**
 * What the offending step of a ref could have been: the type of its keys, and the keys
 * themselves when the type fixes them (shown instead of the type).
 */
export interface RefWant { type: Type | undefined; oneOf: string[] }

/**
 * `pos` indexes the ref's terms with the head as 0. As OPA: a step whose own type is known shows
 * that type (`have (type)`), a constant step shows itself (`have`).
 */
export function undefinedRef(ref: RefTerm, pos: number, have: { term: Term } | { type: Type | undefined }, want: RefWant, hint?: string): Diagnostic {
  const text = refString(ref);
  const pad = ' '.repeat(refString(ref, pos).length + 1);
  const lines = [text, `${pad}^`];
  lines.push('term' in have ? `${pad}have: ${termString(have.term)}` : `${pad}have (type): ${typeString(have.type)}`);
  if (want.oneOf.length > 0) lines.push(`${pad}want (one of): [${want.oneOf.map((k) => JSON.stringify(k)).join(' ')}]`);
  else lines.push(`${pad}want (type): ${typeString(want.type)}`);
  if (hint) lines.push(`${pad}${hint}`);
  const found: ErrorDetail = 'type' in have && have.type ? { have: typeJson(have.type) } : {};
  const detail = refDetail(ref, pos, { ...found, want: typeJson(want.type), oneOf: want.oneOf.length > 0 ? want.oneOf : null });
  return diagnostic(DiagnosticCode.type, `undefined ref: ${text}`, ref.head.loc, lines, detail);
}

/** OPA's RefErrInvalidDetail and RefErrUnsupportedDetail: the ref as terms, the step's index, and the rest. */
function refDetail(ref: RefTerm, pos: number, rest: ErrorDetail): ErrorDetail | undefined {
  const terms = refJson(ref);
  return terms === undefined ? undefined : { ref: terms, pos, ...rest };
}

/** A step into a scalar: the ref up to that value is underlined. */
export function unsupportedRef(ref: RefTerm, pos: number, have: Type): Diagnostic {
  const text = refString(ref);
  const lines = [text, '^'.repeat(refString(ref, pos + 1).length), `have: ${typeString(have)}`];
  return diagnostic(DiagnosticCode.type, `undefined ref: ${text}`, ref.head.loc, lines, refDetail(ref, pos, { have: typeJson(have) }));
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The ref as OPA prints it, up to `upto` terms (head included). */
export function refString(ref: RefTerm, upto = ref.path.length + 1): string {
  let out = termString(ref.head);
  for (const step of ref.path.slice(0, Math.max(0, upto - 1))) {
    out += step.type === 'string' && IDENT.test(step.value) ? `.${step.value}` : `[${termString(step)}]`;
  }
  return out;
}

function termString(t: Term): string {
  switch (t.type) {
    case 'null': return 'null';
    case 'boolean': return String(t.value);
    case 'number': return t.value;
    case 'string': return JSON.stringify(t.value);
    case 'var': return t.name.startsWith('$_') ? '_' : t.name;
    case 'ref': return refString(t);
    case 'array': return `[${t.items.map(termString).join(', ')}]`;
    case 'set': return t.items.length === 0 ? 'set()' : `{${t.items.map(termString).join(', ')}}`;
    case 'object': return `{${t.items.map(([k, v]) => `${termString(k)}: ${termString(v)}`).join(', ')}}`;
    case 'call': return `${termString(t.fn)}(${t.args.map(termString).join(', ')})`;
    case 'arraycomp': return `[${termString(t.head)} | ...]`;
    case 'setcomp': return `{${termString(t.head)} | ...}`;
    case 'objectcomp': return `{${termString(t.key)}: ${termString(t.value)} | ...}`;
  }
}
