/**
 * The structural view the mediator has of each side: anything that can send a JSON-RPC message
 * and report incoming ones. Transports (and the SDK's Transport) fit it as they are; the engine
 * never learns which transport it is talking to.
 */
import type { JsonRpcMessage } from '../protocol/jsonrpc.js';

export interface MessageChannel {
  send(message: JsonRpcMessage): Promise<void>;
  onmessage?: (message: JsonRpcMessage) => void;
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
}
