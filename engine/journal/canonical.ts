/**
 * RFC 8785 (JCS) canonical JSON, written here so one pass both checks that a value is plain JSON
 * and encodes it: the hot path (every decision's entry and commitments) walks each value once.
 * JCS takes strings and numbers exactly as ECMAScript's JSON.stringify writes them and orders
 * object members by their UTF-16 code units, which is what Array.prototype.sort does for strings.
 */

/** Thrown for a value that is not plain JSON; the message says where and why. */
export class NotJsonError extends TypeError {}

/** Returns the reason `value` is not plain JSON, or undefined when it is. */
export function notJsonReason(value: unknown, path = '$'): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is not a finite number`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const reason = notJsonReason(value[i], `${path}[${i}]`);
      if (reason) return reason;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    if (!isPlainObject(value)) return `${path} is not a plain object`;
    for (const [key, v] of Object.entries(value)) {
      // Undefined members are dropped, as JSON.stringify would.
      if (v === undefined) continue;
      const reason = notJsonReason(v, `${path}.${key}`);
      if (reason) return reason;
    }
    return undefined;
  }
  return `${path} is a ${typeof value}, not JSON`;
}

/** Canonical JSON text of `value`; throws NotJsonError if it is not plain JSON. */
export function canonicalJson(value: unknown): string {
  try {
    return encode(value);
  } catch (error) {
    refused(error, value);
  }
}

/** One member of a canonical object: its key, and its `"key":value` text. */
export type Member = readonly [key: string, text: string];

/** An object's members, canonically encoded and in canonical order; throws NotJsonError. */
export function canonicalMembers(object: Record<string, unknown>): Member[] {
  try {
    return members(object);
  } catch (error) {
    refused(error, object);
  }
}

/** The canonical object holding the members of both lists (each in canonical order, no key in both). */
export function joinMembers(a: readonly Member[], b: readonly Member[]): string {
  let text = '{';
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]![0] < b[j]![0]) ? a[i++]! : b[j++]!;
    text += (text.length === 1 ? '' : ',') + next[1];
  }
  return `${text}}`;
}

/** Identity of the internal "not JSON" signal; the public functions turn it into a NotJsonError. */
const NOT_JSON = Symbol('not JSON');

/** Rethrows `error`, turning the internal signal into a NotJsonError; only a refusal pays for locating the offending member. */
function refused(error: unknown, value: unknown): never {
  if (error !== NOT_JSON) throw error;
  throw new NotJsonError(notJsonReason(value) ?? 'value has no JSON encoding');
}

function encode(value: unknown): string {
  switch (typeof value) {
    case 'string': return JSON.stringify(value);
    case 'boolean': return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw NOT_JSON;
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return encodeArray(value);
      return encodeObject(value as Record<string, unknown>);
    }
    default: throw NOT_JSON;
  }
}

function encodeArray(array: readonly unknown[]): string {
  let text = '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) text += ',';
    text += encode(array[i]);
  }
  return `${text}]`;
}

function encodeObject(object: Record<string, unknown>): string {
  if (!isPlainObject(object)) throw NOT_JSON;
  const keys = Object.keys(object).sort();
  let text = '{';
  for (const key of keys) {
    const v = object[key];
    // Undefined members are dropped, as JSON.stringify would.
    if (v === undefined) continue;
    if (text.length > 1) text += ',';
    text += quotedKey(key) + encode(v);
  }
  return `${text}}`;
}

/**
 * The same few keys (entry fields, MCP's member names) recur in every entry, so their quoted
 * form is kept; the cache is emptied when full, so arbitrary payload keys cannot grow it.
 */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 1024;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size >= QUOTED_KEYS_MAX) quotedKeys.clear();
    quotedKeys.set(key, quoted);
  }
  return quoted;
}

function members(object: Record<string, unknown>): Member[] {
  if (!isPlainObject(object)) throw NOT_JSON;
  const keys = Object.keys(object).sort();
  const out: Member[] = [];
  for (const key of keys) {
    const v = object[key];
    if (v !== undefined) out.push([key, quotedKey(key) + encode(v)]);
  }
  return out;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
