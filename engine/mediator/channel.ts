/**
 * The structural view the mediator has of each side: anything that can send a JSON-RPC message
 * and report incoming ones. Transports (and the SDK's Transport) fit it as they are; the engine
 * never learns which transport it is talking to.
 */
import type { JsonRpcMessage, RequestId } from '../protocol/jsonrpc.js';

export interface MessageChannel {
  /** `relatedRequestId`: the client request the message belongs to (see related.ts). */
  send(message: JsonRpcMessage, options?: { relatedRequestId?: RequestId }): Promise<void>;
  onmessage?: (message: JsonRpcMessage, extra?: { relatedRequestId?: RequestId }) => void;
  onclose?: () => void;
  // Method syntax on purpose: transports narrow the error type (TransportError), and the
  // mediator only reads it as an Error, so the parameter is compared bivariantly.
  onerror?(error: Error): void;
  /** Called when the mediator stops; channels without it are left to their owner. */
  close?(): Promise<void>;
}

export type Side = 'client' | 'upstream';

/** A message the mediator will send once the decision that produced it is journaled. */
export interface Outgoing {
  to: Side;
  message: JsonRpcMessage;
  /** For messages to the client: the client request they belong to. */
  relatedRequestId?: RequestId;
}
