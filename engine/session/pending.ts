/**
 * What the warden remembers about a forwarded request until its response arrives: the method a
 * response answers is not in the response, and policies decide responses by that method.
 */
import type { JsonRpcRequest, JsonValue, RequestId } from '../protocol/jsonrpc.js';
import type { AnsweredRequest } from '../decision/input.js';
import { IdMap, type Mapping } from './id-map.js';

export type PendingRequest = AnsweredRequest;

/** Requests forwarded in one direction, keyed by the id the warden assigned. */
export class PendingRequests extends IdMap<PendingRequest> {
  /** Records a request about to be forwarded and returns the id to forward it with. */
  forward(request: JsonRpcRequest): number {
    return this.assign(request.id, { id: request.id, method: request.method, params: request.params ?? null });
  }

  /** The original id of the pending request that asked for progress under `token`. */
  originalWithProgressToken(token: JsonValue): RequestId | undefined {
    for (const mapping of this.withProgressToken(token)) return mapping.originalId;
    return undefined;
  }

  /** The pending requests that asked for progress under `token` (a string or number), oldest first. */
  *withProgressToken(token: JsonValue | undefined): Generator<Mapping<PendingRequest>> {
    if (typeof token !== 'string' && typeof token !== 'number') return;
    for (const mapping of this.pending()) {
      const meta = mapping.info.params?._meta;
      if (typeof meta === 'object' && meta !== null && !Array.isArray(meta) && meta.progressToken === token) yield mapping;
    }
  }
}
