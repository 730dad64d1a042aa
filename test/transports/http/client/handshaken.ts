/**
 * The contract suite expects a transport that can receive as soon as it has started. An MCP
 * client over Streamable HTTP only gets a server-to-client stream after initialize and
 * notifications/initialized, so this wrapper does that handshake inside start() and keeps its
 * messages from the suite. Everything else is passed straight through.
 */
import type { JsonRpcMessage } from '../../../../engine/protocol/jsonrpc.js';
import type { MessageExtra, SendOptions, Transport } from '../../../../transports/contract.js';
import type { TransportError } from '../../../../transports/errors.js';
import type { StreamablePeer } from './streamable-peer.js';

export const INITIALIZE: JsonRpcMessage = {
  jsonrpc: '2.0',
  id: 'init',
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'warden-test', version: '0' } },
};
export const INITIALIZED: JsonRpcMessage = { jsonrpc: '2.0', method: 'notifications/initialized' };

export class Handshaken implements Transport {
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtra) => void;
  onclose?: () => void;
  onerror?: (error: TransportError) => void;
  private handshake: ((message: JsonRpcMessage) => void) | undefined;

  constructor(readonly inner: Transport, private readonly peer: StreamablePeer) {
    inner.onmessage = (message, extra) => (this.handshake ? this.handshake(message) : this.onmessage?.(message, extra));
    inner.onclose = () => this.onclose?.();
    inner.onerror = (error) => this.onerror?.(error);
  }

  get name(): string {
    return this.inner.name;
  }

  async start(): Promise<void> {
    await this.inner.start();
    const initialized = new Promise<void>((resolve) => (this.handshake = () => resolve()));
    await this.inner.send(INITIALIZE);
    await initialized;
    this.handshake = undefined;
    await this.inner.send(INITIALIZED);
    await this.peer.untilGet();
  }

  send(message: JsonRpcMessage, options?: SendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
