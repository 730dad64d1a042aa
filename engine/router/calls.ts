/**
 * The bookkeeping of requests the router has sent to upstreams for one client request: a routed
 * call (one upstream at a time, failing over along its targets) or a fan-out (every upstream at
 * once, merged when all have answered or the wait is over).
 */
import type { JsonObject, JsonRpcMessage, JsonRpcRequest, RequestId } from '../protocol/jsonrpc.js';
import type { Namespaced } from '../decision/input.js';

export type Outcome = 'answered' | 'error' | 'unavailable' | 'connection-lost' | 'timeout' | 'cancelled';

export interface RoutedCall {
  kind: 'call';
  /** The id the mediator forwarded the request with: the router answers under it. */
  id: RequestId;
  request: JsonRpcRequest;
  rewrite: (params: JsonObject) => JsonObject;
  /** The name or URI as the client gave it and its namespace: input.namespaced of the answer. */
  namespaced: Namespaced;
  /** Upstream names in the order to try. */
  targets: string[];
  index: number;
  retryable: boolean;
  attempts: number;
  /** Endpoints of the last target tried for this call (a lost connection moves to the next). */
  endpointTries: number;
  current?: { upstream: string; linkId: number };
  timer?: NodeJS.Timeout;
  decisionId?: string;
}

export interface FanOut {
  kind: 'fan-out';
  id: RequestId;
  method: string;
  /** Per upstream: its link-side id while pending, then its answer. */
  pending: Map<string, number>;
  answers: Map<string, JsonRpcMessage>;
  timer?: NodeJS.Timeout;
  finish: (answers: Map<string, JsonRpcMessage>) => void;
}

/** What waits for an answer on a link, by the link-side id the router gave it. */
export type Waiter =
  | { type: 'call'; call: RoutedCall }
  | { type: 'part'; group: FanOut }
  | { type: 'handshake' }
  | { type: 'internal' }
  /** A page of a reconnected upstream's tools, listed by the router for their hints (lifecycle.ts). */
  | { type: 'hints'; page: number };

/** One attempt of a routed call, for the journal. */
export interface AttemptRecord {
  /** The id the mediator forwarded the request with (journal entries of the session use it too). */
  requestId: RequestId;
  decisionId: string | null;
  method: string;
  upstream: string;
  endpoint: string | null;
  attempt: number;
  outcome: Outcome;
  retryable: boolean;
}
