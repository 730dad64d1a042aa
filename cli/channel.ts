/**
 * Presents a Transport as the Mediator's MessageChannel. The shapes differ only in the error
 * callback's parameter (TransportError vs Error), which strict function types refuse to
 * equate; this adapter forwards every callback and call unchanged.
 */
import type { MessageChannel } from '../engine/mediator/index.js';
import type { JsonRpcMessage } from '../engine/protocol/jsonrpc.js';
import type { Transport } from '../transports/contract.js';

export function asChannel(transport: Transport): MessageChannel {
  const channel: MessageChannel = {
    send: (message: JsonRpcMessage) => transport.send(message),
    close: () => transport.close(),
  };
  transport.onmessage = (message) => channel.onmessage?.(message);
  transport.onclose = () => channel.onclose?.();
  transport.onerror = (error) => channel.onerror?.(error);
  return channel;
}
