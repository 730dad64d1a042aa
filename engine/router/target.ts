/**
 * Where a client's message goes in an aggregated session: to the pool a name or URI names (and
 * rewritten to the upstream's own name), to every upstream (initialize, the lists, logging), or
 * nowhere the warden could know of.
 */
import type { JsonObject, JsonRpcRequest } from '../protocol/jsonrpc.js';
import { isListMethod } from './merge.js';
import type { Decoded, NameMap } from './names.js';
import { INVALID_PARAMS, METHOD_NOT_FOUND, RESOURCE_NOT_FOUND } from './context.js';

export type Target =
  | { kind: 'named'; decoded: Decoded; rewrite: (params: JsonObject) => JsonObject; /** The name or URI as the client gave it. */ shown: string }
  | { kind: 'all' }
  | { kind: 'local' }
  /** `code`: the JSON-RPC error MCP gives for it (an unknown tool or prompt is invalid params, an unknown URI a resource not found). */
  | { kind: 'unknown'; reason: string; code: number };

const FAN_OUT = new Set(['initialize', 'logging/setLevel']);
const LOCAL = new Set(['ping']);

export function targetOf(request: Pick<JsonRpcRequest, 'method' | 'params'>, names: NameMap): Target {
  const { method } = request;
  const params = request.params ?? {};
  if (FAN_OUT.has(method) || isListMethod(method)) return { kind: 'all' };
  if (LOCAL.has(method)) return { kind: 'local' };
  switch (method) {
    case 'tools/call': case 'prompts/get':
      return named(params.name, names, 'name', (p, name) => ({ ...p, name }));
    case 'resources/read': case 'resources/subscribe': case 'resources/unsubscribe':
      return named(params.uri, names, 'uri', (p, uri) => ({ ...p, uri }));
    case 'completion/complete':
      return completion(params, names);
    default:
      return { kind: 'unknown', reason: `method ${method} cannot be routed to one of several upstreams`, code: METHOD_NOT_FOUND };
  }
}

function completion(params: JsonObject, names: NameMap): Target {
  const ref = params.ref;
  if (typeof ref !== 'object' || ref === null || Array.isArray(ref)) return { kind: 'unknown', reason: 'completion/complete needs a ref', code: INVALID_PARAMS };
  if (ref.type === 'ref/prompt') return named(ref.name, names, 'name', (p, name) => ({ ...p, ref: { ...ref, name } }));
  // A completion's argument is invalid, whatever its ref names: not a read of the resource.
  const target = named(ref.uri, names, 'uri', (p, uri) => ({ ...p, ref: { ...ref, uri } }));
  return target.kind === 'unknown' ? { ...target, code: INVALID_PARAMS } : target;
}

function named(value: unknown, names: NameMap, kind: 'name' | 'uri', put: (params: JsonObject, own: string) => JsonObject): Target {
  if (typeof value !== 'string') return { kind: 'unknown', reason: `the request names no ${kind}`, code: INVALID_PARAMS };
  const decoded = kind === 'name' ? names.decodeName(value) : names.decodeUri(value);
  if (!decoded) {
    return { kind: 'unknown', reason: `${kind === 'name' ? 'name' : 'URI'} belongs to no upstream of this gateway`, code: kind === 'name' ? INVALID_PARAMS : RESOURCE_NOT_FOUND };
  }
  return { kind: 'named', decoded, shown: value, rewrite: (params) => put(params, decoded.name) };
}
