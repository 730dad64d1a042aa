/**
 * The structural view the mediator has of each side: anything that can send a JSON-RPC message
 * and report incoming ones. Transports (and the SDK's Transport) fit it as they are; the engine
 * never learns which transport it is talking to.
 */
import type { JsonRpcMessage, RequestId } from '../protocol/jsonrpc.js';

export interface MessageChannel {
  /** `relatedRequestId`: the client request the message belongs to (see related.ts). */
  send(message: JsonRpcMessage, options?: SendOptions): Promise<void>;
  /**
   * The same as `send`, without a promise when none is needed: undefined when the message was
   * handed off at once, else what `send` would have returned. A channel that offers it spares
   * the mediator a promise and a microtask per message.
   */
  sendNow?(message: JsonRpcMessage, options?: SendOptions): Promise<void> | undefined;
  onmessage?: (message: JsonRpcMessage, extra?: ReceivedExtra) => void;
  onclose?: () => void;
  /**
   * The peer will send nothing more but still reads (stdio: the client closed our stdin, as the
   * MCP lifecycle has a stdio client end its session). A channel that reports it stays open
   * until closed; without a handler it closes itself.
   */
  oninputend?: () => void;
  /**
   * The peer reads although it sends nothing (an HTTP client holding its GET stream open for
   * notifications): a session whose client listens is not idle.
   */
  readonly listening?: boolean;
  // Method syntax on purpose: transports narrow the error type (TransportError), and the
  // mediator only reads it as an Error, so the parameter is compared bivariantly.
  onerror?(error: Error): void;
  /** Called when the mediator stops; channels without it are left to their owner. */
  close?(): Promise<void>;
  /**
   * Stops reading from the peer until `resume`, so it feels backpressure instead of the warden
   * buffering for a reader that does not keep up. Messages already read may still be delivered.
   * Returns false when this channel cannot stop reading (then the mediator closes the session
   * rather than buffer without bound); a channel without it is treated the same way.
   */
  pause?(): boolean;
  resume?(): void;
}

export type Side = 'client' | 'upstream';

/** What a channel reports beside a message it received. */
export interface ReceivedExtra {
  /** The upstream request (by the id warden forwarded it with) whose stream carried the message. */
  relatedRequestId?: RequestId;
  /**
   * Set by an upstream side that is itself a gateway (engine/router): the message reached it but
   * belongs to nothing in flight there, such as an answer to no request it sent. The mediator
   * journals it as refused, with this reason, and drops it: the policy is not asked.
   */
  refused?: string;
}

/** What a channel may use beyond the message; a channel ignores what it has no use for. */
export interface SendOptions {
  /** The client request the message belongs to (see related.ts). */
  relatedRequestId?: RequestId;
  /** A request to the upstream side: the upstreams the policy allows, in order (an aggregating router honours it). */
  route?: readonly string[];
  /** The policy marked the request safe to send again after a lost connection or a timeout. */
  retry?: boolean;
  /** The decision that forwarded it, for the journal of its attempts. */
  decisionId?: string;
}

/** A message the mediator will send once the decision that produced it is journaled. */
export interface Outgoing {
  to: Side;
  message: JsonRpcMessage;
  /** For messages to the client: the client request they belong to. */
  relatedRequestId?: RequestId;
  /** For requests to the upstream side: where the policy routed them (SendOptions). */
  route?: readonly string[];
  retry?: boolean;
}

/** Requests to the upstream side carry their routing and decision (an aggregating router uses them; transports ignore them). */
export function sendOptionsFor(o: Outgoing, decisionId: string | undefined): SendOptions | undefined {
  const request = o.to === 'upstream' && 'method' in o.message && 'id' in o.message;
  if (o.relatedRequestId === undefined && !request) return undefined;
  return {
    ...(o.relatedRequestId === undefined ? {} : { relatedRequestId: o.relatedRequestId }),
    ...(o.route ? { route: o.route } : {}),
    ...(o.retry ? { retry: true } : {}),
    ...(request && decisionId ? { decisionId } : {}),
  };
}
