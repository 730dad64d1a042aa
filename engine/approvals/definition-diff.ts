/**
 * What changed between the definition of a tool that was approved and the one listed now, member
 * by member (`description`, `inputSchema.properties.path.type`, `annotations.readOnlyHint`), so a
 * reviewer sees what a changed definition hash stands for. Arrays compare element by element.
 */
import { isJsonObject, type JsonValue } from '../protocol/jsonrpc.js';

export interface DefinitionChange {
  /** Where the member is, `a.b[0]["odd key"]`. */
  path: string;
  /** Absent when the member was added. */
  before?: JsonValue;
  /** Absent when the member was removed. */
  after?: JsonValue;
}

/** The members that differ, in the order of `after`'s keys, then those only `before` has. */
export function definitionChanges(before: JsonValue, after: JsonValue, at = ''): DefinitionChange[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => member(before, after, i, `${at}[${i}]`)).flat();
  }
  if (isJsonObject(before) && isJsonObject(after)) {
    const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !Object.hasOwn(after, k))];
    return keys.flatMap((key) => member(before, after, key, join(at, key)));
  }
  return same(before, after) ? [] : [{ path: at, before, after }];
}

function member(before: JsonValue, after: JsonValue, key: string | number, at: string): DefinitionChange[] {
  const was = has(before, key) ? get(before, key) : undefined;
  const now = has(after, key) ? get(after, key) : undefined;
  if (was !== undefined && now !== undefined) return definitionChanges(was, now, at);
  if (was !== undefined) return [{ path: at, before: was }];
  return now === undefined ? [] : [{ path: at, after: now }];
}

function has(value: JsonValue, key: string | number): boolean {
  return typeof key === 'number' ? Array.isArray(value) && key < value.length : isJsonObject(value) && Object.hasOwn(value, key);
}

function get(value: JsonValue, key: string | number): JsonValue {
  return (value as Record<string, JsonValue>)[key as string]!;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

function join(at: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${at}[${JSON.stringify(key)}]`;
  return at === '' ? key : `${at}.${key}`;
}

function same(a: JsonValue, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
