/**
 * Filters a tools/list result down to the tools the policy made visible, so a client is never
 * offered a tool every call of which would be denied. Entries without a string name cannot be
 * decided and are always removed. A null visible list (no listing decision) shows nothing.
 */
import { keepDerivedText } from '../protocol/exact-integers.js';
import type { JsonObject, JsonValue } from '../protocol/jsonrpc.js';

export interface FilteredTools {
  result: JsonObject;
  /** Names (or "<unnamed>") of the tools removed, for the journal. */
  hidden: string[];
}

export function filterToolList(result: JsonObject, visible: readonly string[] | null): FilteredTools {
  const tools = result.tools;
  if (!Array.isArray(tools)) return { result, hidden: [] };
  const allowed = new Set(visible ?? []);
  const shown: boolean[] = [];
  const hidden: string[] = [];
  for (const tool of tools) {
    const name = toolName(tool);
    const visible = name !== undefined && allowed.has(name);
    shown.push(visible);
    if (!visible) hidden.push(name ?? '<unnamed>');
  }
  // Nothing hidden: the answer as it came, with any text taken for it (large, or holding integers
  // a double cannot hold: protocol/message-text.ts), so it is forwarded as it was written.
  if (hidden.length === 0) return { result, hidden };
  const kept = (list: JsonValue[]): JsonValue[] => list.filter((_, i) => shown[i]);
  const filtered = keepDerivedText(result, { ...result, tools: kept(tools) }, (marked) => ({ ...marked, tools: kept(marked.tools as JsonValue[]) }));
  return { result: filtered, hidden };
}

function toolName(tool: JsonValue): string | undefined {
  if (typeof tool !== 'object' || tool === null || Array.isArray(tool)) return undefined;
  return typeof tool.name === 'string' ? tool.name : undefined;
}
