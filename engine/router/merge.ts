/**
 * What one client sees of several upstreams: the initialize result merged from each upstream's,
 * list results merged with every name and URI namespaced (names.ts), and routed results whose
 * URIs are namespaced so the client can hand them back.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../protocol/jsonrpc.js';
import type { NameMap } from './names.js';

export interface UpstreamPart<T = JsonObject> {
  upstream: string;
  result: T;
}

/** The list methods and the array and identity field of their results. */
export const LISTS = {
  'tools/list': { field: 'tools', key: 'name', kind: 'name' },
  'prompts/list': { field: 'prompts', key: 'name', kind: 'name' },
  'resources/list': { field: 'resources', key: 'uri', kind: 'uri' },
  'resources/templates/list': { field: 'resourceTemplates', key: 'uriTemplate', kind: 'uri' },
} as const;

export type ListMethod = keyof typeof LISTS;

export function isListMethod(method: string): method is ListMethod {
  return Object.hasOwn(LISTS, method);
}

/** The capability an upstream must announce to be asked for a list. */
export const LIST_CAPABILITY: Record<ListMethod, string> = {
  'tools/list': 'tools', 'prompts/list': 'prompts', 'resources/list': 'resources', 'resources/templates/list': 'resources',
};

export interface MergedList {
  items: JsonObject[];
  /** Client-visible name -> the upstreams that listed it, in the order they were merged. */
  listedBy: Map<string, string[]>;
  /** Upstreams with a further page, and their cursors. */
  next: Record<string, string>;
}

/**
 * Items without a string identity cannot be routed back and are left out. An item a replica of
 * the same pool lists again keeps the first definition (parts come in config order).
 */
export function mergeLists(method: ListMethod, parts: readonly UpstreamPart[], names: NameMap): MergedList {
  const { field, key, kind } = LISTS[method];
  const items: JsonObject[] = [];
  const listedBy = new Map<string, string[]>();
  const next: Record<string, string> = {};
  for (const { upstream, result } of parts) {
    // Defined, not assigned: an upstream may be named "__proto__", which assignment would not keep.
    if (typeof result.nextCursor === 'string') Object.defineProperty(next, upstream, { value: result.nextCursor, enumerable: true, writable: true, configurable: true });
    const list = result[field];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (!isJsonObject(item) || typeof item[key] !== 'string') continue;
      const own = item[key];
      const shown = kind === 'name' ? names.toClientName(upstream, own) : names.toClientUri(upstream, own);
      const by = listedBy.get(shown);
      if (by) {
        by.push(upstream);
        continue;
      }
      listedBy.set(shown, [upstream]);
      items.push({ ...item, [key]: shown });
    }
  }
  return { items, listedBy, next };
}

const ROUTABLE_CAPABILITIES = new Set(['tools', 'prompts', 'resources', 'logging', 'completions']);
const CAPABILITIES_WITH_LIST_CHANGED = ['tools', 'prompts', 'resources'] as const;

/**
 * One initialize result for the client. Capabilities are the union of the upstreams' (list
 * changes are always announced: an upstream that goes down or comes back changes every list);
 * the revision is the one every upstream agreed on, else the oldest any of them chose.
 * `incomplete`: an upstream of the session did not answer (down, or its initialize failed). Its
 * lists may come with it later, and capabilities are negotiated once (MCP lifecycle: only those
 * may be used), so every list is offered, empty until an upstream serves it.
 */
export function mergeInitialize(parts: readonly UpstreamPart[], serverInfo: JsonObject, incomplete = false): JsonObject {
  const versions = [...new Set(parts.map((p) => p.result.protocolVersion).filter((v): v is string => typeof v === 'string'))].sort();
  const capabilities: JsonObject = {};
  for (const { result } of parts) {
    const caps = isJsonObject(result.capabilities) ? result.capabilities : {};
    for (const [name, value] of Object.entries(caps)) {
      // Only what the router can route: a capability such as tasks would promise methods it cannot deliver.
      if (!ROUTABLE_CAPABILITIES.has(name)) continue;
      const merged = isJsonObject(capabilities[name]) ? capabilities[name] : {};
      capabilities[name] = isJsonObject(value) ? mergeFlags(merged, value) : merged;
    }
  }
  for (const name of CAPABILITIES_WITH_LIST_CHANGED) {
    const cap = capabilities[name] ?? (incomplete ? {} : undefined);
    if (isJsonObject(cap)) capabilities[name] = { ...cap, listChanged: true };
  }
  const instructions = parts
    .filter((p) => typeof p.result.instructions === 'string' && p.result.instructions.length > 0)
    .map((p) => `## ${p.upstream}\n${String(p.result.instructions)}`);
  const result: JsonObject = { protocolVersion: versions[0] ?? null, capabilities, serverInfo };
  if (instructions.length > 0) result.instructions = instructions.join('\n\n');
  return result;
}

/** A boolean flag is on when any upstream turns it on. */
function mergeFlags(into: JsonObject, from: JsonObject): JsonObject {
  const out = { ...into };
  for (const [k, v] of Object.entries(from)) out[k] = typeof v === 'boolean' ? out[k] === true || v : out[k] ?? v;
  return out;
}

/**
 * URIs inside a routed result (resources/read contents, embedded resources and resource links
 * in tool results and prompt messages) are namespaced, so reading them back routes to the
 * upstream that produced them.
 */
export function namespaceResultUris(method: string, result: JsonObject, upstream: string, names: NameMap): JsonObject {
  const uri = (u: JsonValue | undefined): JsonValue | undefined => (typeof u === 'string' ? names.toClientUri(upstream, u) : u);
  const content = (c: JsonValue): JsonValue => {
    if (!isJsonObject(c)) return c;
    if (c.type === 'resource_link' && typeof c.uri === 'string') return { ...c, uri: uri(c.uri)! };
    if (c.type === 'resource' && isJsonObject(c.resource) && typeof c.resource.uri === 'string') return { ...c, resource: { ...c.resource, uri: uri(c.resource.uri)! } };
    return c;
  };
  switch (method) {
    case 'resources/read':
      return Array.isArray(result.contents) ? { ...result, contents: result.contents.map((c) => (isJsonObject(c) && typeof c.uri === 'string' ? { ...c, uri: uri(c.uri)! } : c)) } : result;
    case 'tools/call':
      return Array.isArray(result.content) ? { ...result, content: result.content.map(content) } : result;
    case 'prompts/get':
      return Array.isArray(result.messages)
        ? { ...result, messages: result.messages.map((m) => (isJsonObject(m) && m.content !== undefined ? { ...m, content: content(m.content) } : m)) }
        : result;
    default:
      return result;
  }
}
