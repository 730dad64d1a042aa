/**
 * What the wire-protocol halves (Streamable HTTP, legacy HTTP+SSE) get from the transport:
 * where to connect, how to deliver, how to report. Keeps the transport the only owner of the
 * callbacks and the lifecycle.
 */
import { isUsableId, type JsonRpcMessage, type RequestId } from '../../../engine/protocol/jsonrpc.js';
import type { TransportError } from '../../errors.js';
import type { Collected } from './bounded-message.js';
import type { Held } from './session-renewal.js';
import type { Lanes } from './lanes.js';
import type { ReadFlow } from './read-flow.js';

export interface UpstreamLink {
  readonly name: string;
  readonly url: URL;
  /** The connection pools: a request's POST never waits behind, nor holds up, other messages. */
  readonly lanes: Lanes;
  /** Aborted when the transport closes: every request and stream ends with it. */
  readonly signal: AbortSignal;
  readonly maxMessageBytes: number;
  readonly requestTimeoutMs: number;
  /** Every response body is read through it, so the transport can pause them all. */
  readonly flow: ReadFlow;
  /** Upstream credentials from config plus `MCP-Protocol-Version` once known. */
  headers(): Record<string, string>;
  /** Decodes and delivers one incoming message; returns it, or the error it was reported as. */
  receive(data: Collected, relatedRequestId?: RequestId): JsonRpcMessage | TransportError;
  /** Decodes one incoming message without delivering it; returns it, or the error it was reported as. */
  decode(data: Collected): JsonRpcMessage | TransportError;
  /** Delivers one message already decoded. */
  deliver(message: JsonRpcMessage, relatedRequestId?: RequestId): void;
  /** A non-fatal problem. */
  report(error: TransportError): void;
  /** Sends `notifications/cancelled` for request `id`, in order behind everything sent so far. */
  cancel(id: RequestId, reason: string): void;
  /** A fatal one: reported, then the transport closes. */
  fail(error: TransportError): void;
  /**
   * A 404 to something sent with session id `sentWith`: fatal, or a new session is started
   * (session-renewal.ts) and `held`, a POSTed message the server never took, goes again on it.
   * Resolves with whether a session is live again.
   */
  expired(error: TransportError, sentWith: string, held?: Held): Promise<boolean>;
}

/** What a POST turned into, once its response has been handled. */
export type PostOutcome = 'done' | 'fallback';

export interface Posted {
  /** The body reached the socket: the send may resolve. */
  readonly handedOff: Promise<void>;
  /** The response headers arrived (or the request failed): the server has taken the message. */
  readonly responded: Promise<unknown>;
  /** The response has been handled (or the request failed, already reported). */
  readonly outcome: Promise<PostOutcome>;
}

export function requestIdOf(message: JsonRpcMessage): RequestId | undefined {
  return 'method' in message && 'id' in message ? message.id : undefined;
}

/** True when `received` (a message or a frame error) is the answer to request `id`. */
export function answers(received: JsonRpcMessage | TransportError, id: RequestId): boolean {
  return answeredId(received) === id;
}

/** The id of the request `received` (a message or a frame error) answers, when it is an answer. */
export function answeredId(received: JsonRpcMessage | TransportError): RequestId | undefined {
  if ('jsonrpc' in received) return 'method' in received || received.id === null ? undefined : received.id;
  const id = received.detail?.id;
  return received.detail?.has_method === false && isUsableId(id) ? id : undefined;
}
