/**
 * The client-facing WebSocket transport: one per connection the listener accepted. The socket
 * is already open when it is built; everything that arrives before `start` is held and
 * delivered in order once the gateway has installed its callbacks and started it.
 */
import type { WebSocket } from 'ws';
import type { Principal } from '../../engine/decision/input.js';
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import type { MessageExtra, Transport } from '../contract.js';
import { TransportError } from '../errors.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../framing/message-codec.js';
import { Lifecycle } from '../lifecycle.js';
import { DEFAULT_CLOSE_GRACE_MS, DEFAULT_PING_INTERVAL_MS } from './wire.js';
import { WsChannel } from './ws-channel.js';

export interface WebSocketSessionTransportOptions {
  /** An open socket; the transport owns it from now on. */
  readonly socket: WebSocket;
  /** Who opened the connection; passed along with every message. */
  readonly principal?: Principal;
  /** Largest message accepted or sent, in bytes. Default: 4 MiB. */
  readonly maxMessageBytes?: number;
  /** Label for logs. Default: `websocket`. */
  readonly name?: string;
  /** Ping period; a peer that misses a pong is cut off. 0 disables. Default: 30000 ms. */
  readonly pingIntervalMs?: number;
  /** How long close() waits for the peer's close frame before destroying the socket. Default: 2000 ms. */
  readonly closeGraceMs?: number;
}

/** Normal closure. */
const CLOSE_NORMAL = 1000;
/** 1013 "try again later": the gateway is full or its upstream is unreachable right now. */
const CLOSE_TRY_AGAIN_LATER = 1013;

export class WebSocketSessionTransport implements Transport {
  readonly name: string;
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtra) => void;
  onclose?: () => void;
  onerror?: (error: TransportError) => void;

  private readonly lifecycle: Lifecycle;
  private readonly channel: WsChannel;
  private readonly extra: MessageExtra;

  constructor(options: WebSocketSessionTransportOptions) {
    this.name = options.name ?? 'websocket';
    this.lifecycle = new Lifecycle(this.name);
    this.extra = options.principal ? { principal: options.principal } : {};
    this.channel = new WsChannel(
      options.socket,
      {
        maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
        pingIntervalMs: options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS,
        closeGraceMs: options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS,
      },
      {
        message: (message) => this.onmessage?.(message, this.extra),
        frameError: (error) => this.onerror?.(error),
        // A client closing the socket is how it ends its session: not an error.
        ended: () => void this.close(),
        failure: (error) => {
          this.onerror?.(error);
          void this.close();
        },
      },
    );
  }

  async start(): Promise<void> {
    this.lifecycle.begin();
    this.channel.open();
  }

  send(message: JsonRpcMessage): Promise<void> {
    const refusal = this.lifecycle.sendRefusal();
    return refusal ? Promise.reject(refusal) : this.channel.send(message);
  }

  /**
   * A session closed before it started was turned away (the gateway full or stopping, its upstream
   * unreachable), whoever closes it first: the client is told 1013, "try again later", not that
   * its session ended normally.
   */
  close(): Promise<void> {
    return this.lifecycle.hasStarted ? this.closeWith(CLOSE_NORMAL, 'closing') : this.refuse();
  }

  /** Turns the session away: 1013, "try again later" (the gateway full or its upstream unreachable). */
  refuse(): Promise<void> {
    return this.closeWith(CLOSE_TRY_AGAIN_LATER, 'session refused');
  }

  private closeWith(code: number, reason: string): Promise<void> {
    this.channel.mute();
    return this.lifecycle.close(
      () => this.channel.shutdown(code, reason, new TransportError('closed', `${this.name}: closed before the message was handed off`)),
      () => this.onclose?.(),
    );
  }
}
