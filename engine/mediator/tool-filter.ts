/**
 * Filters a tools/list result down to the tools the policy made visible, so a client is never
 * offered a tool every call of which would be denied. Entries without a string name cannot be
 * decided and are always removed. A null visible list (no listing decision) shows nothing.
 */
import type { RedactionPath } from '../decision/document.js';
import { keepDerivedText } from '../protocol/exact-integers.js';
import type { JsonObject, JsonValue } from '../protocol/jsonrpc.js';

export interface FilteredTools {
  result: JsonObject;
  /** Names (or "<unnamed>") of the tools removed, for the journal. */
  hidden: string[];
  /**
   * The policy's redaction paths index the answer it decided on, with every tool: each path into
   * a kept tool, moved to where that tool is now; none into a removed one.
   */
  redactions(paths: readonly RedactionPath[]): RedactionPath[];
}

export function filterToolList(result: JsonObject, visible: readonly string[] | null): FilteredTools {
  const tools = result.tools;
  if (!Array.isArray(tools)) return unfiltered(result);
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
  if (hidden.length === 0) return unfiltered(result);
  const kept = (list: JsonValue[]): JsonValue[] => list.filter((_, i) => shown[i]);
  const filtered = keepDerivedText(result, { ...result, tools: kept(tools) }, (marked) => ({ ...marked, tools: kept(marked.tools as JsonValue[]) }));
  return { result: filtered, hidden, redactions: (paths) => reindexed(paths, shown) };
}

/** A result no tool was taken out of (not a tools/list answer, or one with nothing hidden). */
export function unfiltered(result: JsonObject): FilteredTools {
  return { result, hidden: [], redactions: (paths) => [...paths] };
}

function reindexed(paths: readonly RedactionPath[], shown: readonly boolean[]): RedactionPath[] {
  const moved = new Map<number, number>();
  shown.forEach((visible, i) => {
    if (visible) moved.set(i, moved.size);
  });
  return paths.flatMap((path): RedactionPath[] => {
    if (path[0] !== 'tools' || typeof path[1] !== 'number') return [path];
    const to = moved.get(path[1]);
    return to === undefined ? [] : [['tools', to, ...path.slice(2)]];
  });
}

function toolName(tool: JsonValue): string | undefined {
  if (typeof tool !== 'object' || tool === null || Array.isArray(tool)) return undefined;
  return typeof tool.name === 'string' ? tool.name : undefined;
}
