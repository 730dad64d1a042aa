/**
 * Applies a decision's redactions: each path (object keys and array indexes, relative to the
 * message's params or result) that exists is replaced by a marker. The original is never
 * modified, since it is still referenced by the journal's commitments and the pending table.
 * Paths that do not exist are skipped: redaction can only remove information, never add it.
 */
import { keepDerivedText } from '../protocol/exact-integers.js';
import type { JsonObject, JsonValue } from '../protocol/jsonrpc.js';
import type { RedactionPath } from '../decision/document.js';

export const REDACTED = '[redacted by mcp-warden]';

export interface Redacted {
  value: JsonObject;
  count: number;
}

export function redact(payload: JsonObject, paths: readonly RedactionPath[]): Redacted {
  if (paths.length === 0) return { value: payload, count: 0 };
  const value = structuredClone(payload);
  const count = replaceAll(value, paths);
  return { value: keepDerivedText(payload, value, (marked) => (replaceAll(marked, paths), marked)), count };
}

/** Replaces what each path reaches; returns how many did reach something. */
function replaceAll(root: JsonObject, paths: readonly RedactionPath[]): number {
  let count = 0;
  for (const path of paths) if (replaceAt(root, path)) count++;
  return count;
}

function replaceAt(root: JsonObject, path: RedactionPath): boolean {
  if (path.length === 0) return false;
  let node: JsonValue = root;
  for (let i = 0; i < path.length - 1; i++) {
    const next = child(node, path[i]!);
    if (next === undefined) return false;
    node = next;
  }
  const last = path[path.length - 1]!;
  if (child(node, last) === undefined) return false;
  if (Array.isArray(node)) node[last as number] = REDACTED;
  else (node as JsonObject)[last as string] = REDACTED;
  return true;
}

function child(node: JsonValue, key: string | number): JsonValue | undefined {
  if (Array.isArray(node)) return typeof key === 'number' && key < node.length ? node[key] : undefined;
  if (typeof node === 'object' && node !== null && typeof key === 'string' && Object.hasOwn(node, key)) return node[key];
  return undefined;
}
