import { fail, isObject } from './args.js';
import { toGoArg } from './go-verbs.js';
import { goSprintf } from './sprintf.js';

/**
 * text/template's predefined functions over the values OPA hands a template: ast.As decodes the
 * variables with UseNumber, so a number from them is a json.Number, a string in Go's eyes (always
 * true, printed as its text, comparable only with strings); numbers written in the template are
 * Go constants (int or float64).
 */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** A map of the variables (a json.Number is an object in JavaScript only). */
export function isMap(v: unknown): v is Record<string, unknown> {
  return isObject(v) && !(v instanceof JsonNumber);
}

type Kind = 'nil' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map';

function kindOf(v: unknown): Kind {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string' || v instanceof JsonNumber) return 'string';
  return Array.isArray(v) ? 'slice' : 'map';
}

function text(v: unknown): string {
  return v instanceof JsonNumber ? v.text : String(v);
}

/** text/template's truth: the zero value and empty collections are false; a json.Number is a non-empty string. */
export function truthy(v: unknown): boolean {
  if (v instanceof JsonNumber) return true;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return v !== null && v !== undefined && v !== false && v !== 0 && v !== '';
}

/** fmt.Print of a value: maps as map[k:v] with sorted keys, slices as [a b], nil as <no value> (<nil> inside). */
export function format(v: unknown, top = true): string {
  if (v === null || v === undefined) return top ? '<no value>' : '<nil>';
  if (v instanceof JsonNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map((x) => format(x, false)).join(' ')}]`;
  if (isMap(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${format(v[k], false)}`).join(' ')}]`;
  return String(v);
}

/** fmt.Sprint: a space between two operands when neither is a string. */
function sprint(args: unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && kindOf(a) !== 'string' && kindOf(args[i - 1]) !== 'string') out += ' ';
    out += format(a, false);
  });
  return out;
}

/** The one string an escaper escapes: its argument when that is a string, else fmt.Sprint of all. */
function escaperInput(args: unknown[]): string {
  return args.length === 1 && kindOf(args[0]) === 'string' ? text(args[0]) : sprint(args);
}

function comparable(a: unknown, b: unknown, ordered: boolean): [string | number | boolean, string | number | boolean] {
  const [ka, kb] = [kindOf(a), kindOf(b)];
  if (ka === 'slice' || ka === 'map' || kb === 'slice' || kb === 'map') fail(ordered ? 'invalid type for comparison' : 'non-comparable type');
  if (ordered && (ka === 'bool' || ka === 'nil')) fail('invalid type for comparison');
  if (ka !== kb) fail('incompatible types for comparison');
  return [ka === 'string' ? text(a) : (a as number | boolean), kb === 'string' ? text(b) : (b as number | boolean)];
}

function eq(first: unknown, ...others: unknown[]): boolean {
  if (others.length === 0) fail('missing argument for comparison');
  return others.some((other) => {
    if (kindOf(first) === 'nil' || kindOf(other) === 'nil') return kindOf(first) === kindOf(other);
    const [a, b] = comparable(first, other, false);
    return a === b;
  });
}

function ordered(test: (a: string | number, b: string | number) => boolean): (a: unknown, b: unknown) => boolean {
  return (a, b) => {
    const [x, y] = comparable(a, b, true);
    return test(x as string | number, y as string | number);
  };
}

function length(v: unknown): number {
  switch (kindOf(v)) {
    case 'string': return Buffer.byteLength(text(v), 'utf8');
    case 'slice': return (v as unknown[]).length;
    case 'map': return Object.keys(v as object).length;
    default: return fail(`len of ${kindOf(v)}`);
  }
}

function index(item: unknown, ...keys: unknown[]): unknown {
  let v = item;
  for (const key of keys) {
    if (Array.isArray(v)) {
      if (kindOf(key) !== 'int') fail(`cannot index slice/array with type ${kindOf(key)}`);
      if ((key as number) < 0 || (key as number) >= v.length) fail(`index out of range: ${String(key)}`);
      v = v[key as number];
    } else if (isMap(v)) {
      if (typeof key !== 'string') fail(`value has type ${kindOf(key)}; should be string`);
      v = Object.hasOwn(v, key) ? v[key] : null;
    } else {
      fail(v === null || v === undefined ? 'index of untyped nil' : `can't index item of type ${kindOf(v)}`);
    }
  }
  return v;
}

function slice(item: unknown, ...bounds: unknown[]): unknown {
  if (bounds.length > 3) fail('too many slice indexes');
  const whole = kindOf(item) === 'string' ? text(item) : Array.isArray(item) ? item : fail(`can't slice item of type ${kindOf(item)}`);
  const cap = whole.length;
  const [lo, hi] = [bounds[0] ?? 0, bounds[1] ?? cap];
  if (kindOf(lo) !== 'int' || kindOf(hi) !== 'int') fail('cannot index slice/array with nil');
  if ((lo as number) < 0 || (hi as number) > cap || (lo as number) > (hi as number)) fail(`index out of range: ${String(hi)}`);
  return whole.slice(lo as number, hi as number);
}

const HTML: Record<string, string> = { '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;', '\0': '\uFFFD' };
const JS: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' };

function jsEscape(s: string): string {
  return [...s].map((c) => JS[c] ?? (c < ' ' ? `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : c)).join('');
}

/** Go's url.QueryEscape: space as "+", everything but unreserved characters percent-encoded. */
function queryEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

type Fn = (...args: unknown[]) => unknown;

const FUNCS: Record<string, Fn> = {
  and: (...args) => args.find((a) => !truthy(a)) ?? args.at(-1),
  or: (...args) => args.find((a) => truthy(a)) ?? args.at(-1),
  not: (v) => !truthy(v),
  len: length,
  index,
  slice,
  print: (...args) => sprint(args),
  println: (...args) => `${args.map((a) => format(a, false)).join(' ')}\n`,
  printf: (format, ...args) => goSprintf(text(format), args.map((a) => (a instanceof JsonNumber ? { type: 'json.Number', value: a.text } : toGoArg(a)))),
  html: (...args) => escaperInput(args).replace(/["'&<>\0]/g, (c) => HTML[c]!),
  js: (...args) => jsEscape(escaperInput(args)),
  urlquery: (...args) => queryEscape(escaperInput(args)),
  eq,
  ne: (a, b) => !eq(a, b),
  lt: ordered((a, b) => a < b),
  le: ordered((a, b) => a <= b),
  gt: ordered((a, b) => a > b),
  ge: ordered((a, b) => a >= b),
};

/** Fixed arity where text/template checks it; the others take any number. */
const ARITY: Record<string, number> = { not: 1, len: 1, ne: 2, lt: 2, le: 2, gt: 2, ge: 2 };

export function callFunction(name: string, args: unknown[]): unknown {
  const arity = ARITY[name];
  if (arity !== undefined && args.length !== arity) fail(`wrong number of args for ${name}: want ${arity} got ${args.length}`);
  if ((name === 'and' || name === 'or' || name === 'index' || name === 'slice' || name === 'printf' || name === 'eq') && args.length === 0) {
    fail(`wrong number of args for ${name}: want at least 1 got 0`);
  }
  return FUNCS[name]!(...args);
}
