/**
 * JSON-RPC 2.0 message shapes as they cross mcp-warden. Transports produce and consume these;
 * the engine decides them. Ids are kept as the peer sent them (string or number).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
export type RequestId = string | number;

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
