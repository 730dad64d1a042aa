/**
 * What the warden remembers about a forwarded request until its response arrives: the method a
 * response answers is not in the response, and policies decide responses by that method.
 */
import { exactMember } from '../protocol/exact-integers.js';
import type { JsonObject, JsonRpcRequest, RequestId } from '../protocol/jsonrpc.js';
import type { AnsweredRequest } from '../decision/input.js';
import { IdMap, type Mapping } from './id-map.js';

export type PendingRequest = AnsweredRequest;

/** Requests forwarded in one direction, keyed by the id the warden assigned. */
export class PendingRequests extends IdMap<PendingRequest> {
  /** Records a request about to be forwarded and returns the id to forward it with. */
  forward(request: JsonRpcRequest): number {
    return this.assign(request.id, { id: request.id, method: request.method, params: request.params ?? null });
  }

  /** The original id of the pending request that asked for the progress `progress` (a notification's params) reports. */
  originalWithProgressToken(progress: JsonObject | undefined): RequestId | undefined {
    for (const mapping of this.withProgressToken(progress)) return mapping.originalId;
    return undefined;
  }

  /**
   * The pending requests that asked for progress under the token of `progress`, a
   * notifications/progress's params (a string or number token), oldest first. Tokens match as
   * written: one past 2^53 only a token of the same digits (exactMember).
   */
  *withProgressToken(progress: JsonObject | undefined): Generator<Mapping<PendingRequest>> {
    const token = progress === undefined ? undefined : exactMember(progress, ['progressToken']);
    if (typeof token !== 'string' && typeof token !== 'number') return;
    for (const mapping of this.pending()) {
      const params = mapping.info.params;
      if (params !== null && exactMember(params, ['_meta', 'progressToken']) === token) yield mapping;
    }
  }
}
