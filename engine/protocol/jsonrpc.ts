/**
 * JSON-RPC 2.0 message shapes as they cross mcp-warden. Transports produce and consume these;
 * the engine decides them. Ids are kept as the peer sent them (string or number); a number id a
 * double cannot hold (past 2^53) arrives from the wire as a marker string of its digits
 * (number-markers.ts), which messageText writes back as that number.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
export type RequestId = string | number;

/** A JSON object: not null, not an array. */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface JsonRpcRequest { jsonrpc: '2.0'; id: RequestId; method: string; params?: JsonObject }
export interface JsonRpcNotification { jsonrpc: '2.0'; method: string; params?: JsonObject }
export interface JsonRpcResult { jsonrpc: '2.0'; id: RequestId; result: JsonObject }
export interface JsonRpcErrorObject { code: number; message: string; data?: JsonValue }
export interface JsonRpcError { jsonrpc: '2.0'; id: RequestId | null; error: JsonRpcErrorObject }

export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResult | JsonRpcError;

export type MessageKind = 'request' | 'notification' | 'response' | 'error';

export function messageKind(message: JsonRpcMessage): MessageKind {
  if ('method' in message) return 'id' in message ? 'request' : 'notification';
  return 'error' in message ? 'error' : 'response';
}

/**
 * Checks the JSON-RPC 2.0 envelope of a parsed value. Returns the reason it is not a message,
 * or undefined when it is one. Batches are not part of MCP since 2025-06-18 and are rejected.
 */
export function invalidMessageReason(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'message must be a JSON object';
  const m = value as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return 'jsonrpc must be "2.0"';
  const hasId = 'id' in m;
  if (hasId && !(typeof m.id === 'string' || typeof m.id === 'number' || (m.id === null && 'error' in m))) return 'id must be a string or number';
  if ('method' in m) {
    if (typeof m.method !== 'string') return 'method must be a string';
    if ('params' in m && (typeof m.params !== 'object' || m.params === null || Array.isArray(m.params))) return 'params must be an object';
    return undefined;
  }
  if (!hasId) return 'a message needs a method or an id';
  if ('result' in m === 'error' in m) return 'a response needs exactly one of result and error';
  if ('error' in m) {
    const e = m.error as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null || typeof e.code !== 'number' || typeof e.message !== 'string') return 'error must have a numeric code and a string message';
  }
  return undefined;
}

/**
 * How deeply a message may nest objects and arrays. MCP's own shapes need fewer than ten
 * levels and tool schemas a few dozen; the bound keeps every recursive copy, redaction and
 * policy-input encoding far from the stack's limit, so a hostile message is refused with an
 * answer instead of overflowing somewhere after it was accepted.
 */
export const MAX_NESTING_DEPTH = 128;

/** Whether `value` nests deeper than `limit`; iterative, so it is safe on any input. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  // In-process senders can share (or cycle) objects: a node is walked again only when reached
  // deeper than before, so the walk stays bounded by nodes x limit.
  const deepest = new Map<object, number>();
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, depth } = top;
    if (typeof node !== 'object' || node === null || (deepest.get(node) ?? -1) >= depth) continue;
    if (depth + 1 > limit) return true;
    deepest.set(node, depth);
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}

/** A request id the warden can echo back exactly: a string or a safe integer. */
export function isUsableId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value));
}
