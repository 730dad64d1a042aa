/**
 * The JS side of the tagged encoding host builtins are called with
 * (engine/runtime/assembly/host-codec.ts). The SDK carries values as JSON, so
 * the runtime writes what JSON cannot say as one-key objects:
 *   {"$mcp_warden_set": [members]}     a set
 *   {"$mcp_warden_number": "digits"}   a number JS's JSON.parse would round
 *   {"$mcp_warden_object": {...}}      an object that would itself read as a tag
 *   {"$mcp_warden_entries": [[k, v]...]} an object with a key that is not a string
 * and reads a builtin's result by the same rules, where numbers need no tag
 * (the runtime keeps every digit of JSON text).
 *
 * Decoded, a set is a RegoSet: an Array, so builtins that take "an array or a
 * set" keep working, and it goes back as a set when a builtin passes it
 * through. Tagged numbers decode to JS numbers (rounded, as before) unless the
 * builtin asks for exact numbers: then integers are bigints and other numbers
 * RegoDecimals. Results may hold bigints, RegoDecimals and RegoSets. An object
 * with non-string keys decodes to a plain object keyed by their JSON text (what
 * plain JSON would have said), marked so a builtin can reject it as OPA does
 * (`hasNonStringKeys`).
 */

export const SET_TAG = '$mcp_warden_set';
export const NUMBER_TAG = '$mcp_warden_number';
export const OBJECT_TAG = '$mcp_warden_object';
export const ENTRIES_TAG = '$mcp_warden_entries';

const nonStringKeyed = new WeakSet<object>();

/** Whether an argument object had keys that are not strings in Rego. */
export function hasNonStringKeys(v: unknown): boolean {
  return typeof v === 'object' && v !== null && nonStringKeyed.has(v);
}

export class RegoSet extends Array<unknown> {
  /** map, filter and slice of a set give plain arrays: their results are not sets in Rego. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

/** A RegoSet of these members (`new RegoSet(n)` would make n empty slots). */
export function setOf(members: Iterable<unknown>): RegoSet {
  const set = new RegoSet();
  for (const m of members) set.push(m);
  return set;
}

/** A number with more digits than a double holds (or one kept as written, parseWrittenJson), as its JSON text. */
export class RegoDecimal {
  constructor(readonly text: string) {}
}

type Plain = Record<string, unknown>;

function isPlainObject(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegoDecimal)
    && !(v instanceof ArrayBuffer);
}

/**
 * The tag an object is read as: it has exactly one key, and that key is a tag
 * name. Members holding undefined do not count: JSON leaves them out.
 */
function tagOf(o: Plain): string | undefined {
  let only: string | undefined;
  for (const k in o) {
    if (o[k] === undefined) continue;
    if (only !== undefined) return undefined;
    only = k;
  }
  return only === SET_TAG || only === NUMBER_TAG || only === OBJECT_TAG || only === ENTRIES_TAG ? only : undefined;
}

/** Maps array elements, copying only once one changes. */
function mapArray(a: readonly unknown[], f: (v: unknown) => unknown): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < a.length; i++) {
    const y = f(a[i]);
    if (out === undefined && y !== a[i]) out = a.slice(0, i);
    out?.push(y);
  }
  return out ?? (a as unknown[]);
}

function mapValues(o: Plain, f: (v: unknown) => unknown): Plain {
  let out: Plain | undefined;
  for (const k in o) {
    const y = f(o[k]);
    if (out === undefined && y !== o[k]) out = copyUntil(o, k);
    if (out) setOwn(out, k, y);
  }
  return out ?? o;
}

/** Assignment would make a "__proto__" key the prototype instead of a member. */
function setOwn(o: Plain, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

function copyUntil(o: Plain, stop: string): Plain {
  const out: Plain = {};
  for (const k in o) {
    if (k === stop) break;
    setOwn(out, k, o[k]);
  }
  return out;
}

const INTEGER = /^-?\d+$/;

function decodeNumber(text: unknown, exact: boolean): unknown {
  if (typeof text !== 'string') throw new Error(`malformed ${NUMBER_TAG}`);
  if (!exact) return Number(text);
  return INTEGER.test(text) ? BigInt(text) : new RegoDecimal(text);
}

/** An argument as the SDK's JSON.parse produced it, in JS terms. */
export function decodeArg(v: unknown, exact: boolean): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const decode = (x: unknown): unknown => decodeArg(x, exact);
  if (Array.isArray(v)) return mapArray(v, decode);
  const o = v as Plain;
  switch (tagOf(o)) {
    case SET_TAG: {
      const members = o[SET_TAG];
      if (!Array.isArray(members)) throw new Error(`malformed ${SET_TAG}`);
      return setOf(mapArray(members, decode));
    }
    case NUMBER_TAG: return decodeNumber(o[NUMBER_TAG], exact);
    case OBJECT_TAG: {
      const inner = o[OBJECT_TAG];
      if (!isPlainObject(inner)) throw new Error(`malformed ${OBJECT_TAG}`);
      return mapValues(inner, decode);
    }
    case ENTRIES_TAG: return decodeEntries(o[ENTRIES_TAG], decode);
  }
  return mapValues(o, decode);
}

function decodeEntries(pairs: unknown, decode: (x: unknown) => unknown): Plain {
  if (!Array.isArray(pairs)) throw new Error(`malformed ${ENTRIES_TAG}`);
  const out: Plain = {};
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) throw new Error(`malformed ${ENTRIES_TAG}`);
    const key = decode(pair[0]);
    setOwn(out, typeof key === 'string' ? key : jsonText(key), decode(pair[1]));
  }
  nonStringKeyed.add(out);
  return out;
}

/**
 * A builtin's result as the runtime reads it back. Sets and tag-like objects
 * are tagged. Exact numbers need no tag: the runtime's JSON parser keeps every
 * digit, so a result holding any is handed over as JSON text (an ArrayBuffer,
 * which the SDK loads as it is) with those numbers written out.
 */
export function encodeResult(v: unknown): unknown {
  if (typeof v !== 'object' && typeof v !== 'bigint') return v;
  const exact = { seen: false };
  const out = encode(v, exact);
  return exact.seen ? rawJson(jsonText(out)) : out;
}

function encode(v: unknown, exact: { seen: boolean }): unknown {
  if (typeof v === 'bigint' || v instanceof RegoDecimal) {
    exact.seen = true;
    return v;
  }
  if (typeof v !== 'object' || v === null || v instanceof ArrayBuffer) return v;
  const recurse = (x: unknown): unknown => encode(x, exact);
  if (v instanceof RegoSet) return { [SET_TAG]: [...v].map(recurse) };
  if (Array.isArray(v)) return mapArray(v, recurse);
  const o = v as Plain;
  const out = mapValues(o, recurse);
  return tagOf(o) === undefined ? out : { [OBJECT_TAG]: out };
}

/** JSON.stringify's text, with bigints and RegoDecimals as their digits. */
function jsonText(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof RegoDecimal) return v.text;
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : jsonText(x))).join(',')}]`;
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  const members = Object.entries(v).filter(([, x]) => x !== undefined);
  return `{${members.map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`).join(',')}}`;
}

/** JSON text the SDK copies into wasm memory untouched (it loads an ArrayBuffer as it is). */
export function rawJson(text: string): ArrayBuffer {
  return new TextEncoder().encode(text).slice().buffer;
}
