/**
 * The upstream WebSocket transport: warden connects, as a client, to an MCP server that speaks
 * our binding (subprotocol `mcp`, one message per text frame). Headers come from warden's
 * configuration only; nothing a client presented to warden is ever sent here.
 */
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import type { Transport } from '../contract.js';
import { TransportError } from '../errors.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../framing/message-codec.js';
import { Lifecycle } from '../lifecycle.js';
import { DEFAULT_CLOSE_GRACE_MS, DEFAULT_PING_INTERVAL_MS, socketOptions, SUBPROTOCOL } from './wire.js';
import { WsChannel } from './ws-channel.js';

export interface WebSocketClientTransportOptions {
  /** `ws:` or `wss:` address of the server. */
  readonly url: URL;
  /** Sent with the handshake, e.g. the upstream's credentials from warden's configuration. */
  readonly headers?: Readonly<Record<string, string>>;
  /** For `wss:`: certificate authorities to trust instead of the system's (a private CA, a pinned self-signed cert). */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Largest message accepted or sent, in bytes. Default: 4 MiB. */
  readonly maxMessageBytes?: number;
  /** Label for logs. Default: `websocket-client:<host>`. */
  readonly name?: string;
  /** Ping period; a server that misses a pong is cut off. 0 disables. Default: 30000 ms. */
  readonly pingIntervalMs?: number;
  /** How long the opening handshake may take. Default: 10000 ms. */
  readonly connectTimeoutMs?: number;
  /** How long close() waits for the server's close frame before destroying the socket. Default: 2000 ms. */
  readonly closeGraceMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export class WebSocketClientTransport implements Transport {
  readonly name: string;
  onmessage?: (message: JsonRpcMessage) => void;
  onclose?: () => void;
  onerror?: (error: TransportError) => void;

  private readonly options: WebSocketClientTransportOptions;
  private readonly lifecycle: Lifecycle;
  private channel: WsChannel | undefined;
  private connected = false;
  private closeRequested = false;

  constructor(options: WebSocketClientTransportOptions) {
    if (options.url.protocol !== 'ws:' && options.url.protocol !== 'wss:') {
      throw new TypeError(`a WebSocket upstream needs a ws: or wss: URL, not ${options.url.protocol}`);
    }
    this.options = options;
    // The host only: a URL may carry credentials in its userinfo or query.
    this.name = options.name ?? `websocket-client:${options.url.host}`;
    this.lifecycle = new Lifecycle(this.name);
  }

  async start(): Promise<void> {
    this.lifecycle.begin();
    const maxMessageBytes = this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const socket = new WebSocket(this.options.url, [SUBPROTOCOL], {
      ...socketOptions(maxMessageBytes),
      headers: { ...this.options.headers },
      handshakeTimeout: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      followRedirects: false,
      ...(this.options.ca === undefined ? {} : { ca: this.options.ca as string | Buffer | (string | Buffer)[] }),
    });
    // Listening before the handshake completes: frames in the same packet as the 101 answer are
    // emitted before any promise continuation could attach a listener. The channel holds them.
    this.channel = this.createChannel(socket, maxMessageBytes);
    const failure = await opened(socket);
    if (failure === undefined && !this.closeRequested) {
      this.connected = true;
      this.channel.open();
      return;
    }
    const closedMeanwhile = this.closeRequested;
    await this.close();
    throw closedMeanwhile ? new TransportError('closed', `${this.name}: closed while connecting`) : failure!;
  }

  send(message: JsonRpcMessage): Promise<void> {
    const refusal = this.lifecycle.sendRefusal();
    if (refusal) return Promise.reject(refusal);
    return this.connected ? this.channel!.send(message) : Promise.reject(new TransportError('not_started', `${this.name}: send before the connection is open`));
  }

  /** Contract `pause`: the socket is not read until resume (see WsChannel.pause). */
  pause(): boolean {
    this.channel?.pause();
    return true;
  }

  resume(): void {
    this.channel?.resume();
  }

  close(): Promise<void> {
    this.closeRequested = true;
    this.channel?.mute();
    return this.lifecycle.close(
      () => this.shutdown(),
      () => this.onclose?.(),
    );
  }

  private async shutdown(): Promise<void> {
    const refusal = new TransportError('closed', `${this.name}: closed before the message was handed off`);
    await this.channel?.shutdown(1000, 'closing', refusal);
  }

  private createChannel(socket: WebSocket, maxMessageBytes: number): WsChannel {
    return new WsChannel(
      socket,
      {
        maxMessageBytes,
        pingIntervalMs: this.options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS,
        closeGraceMs: this.options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS,
      },
      {
        message: (message) => this.onmessage?.(message),
        frameError: (error) => this.onerror?.(error),
        ended: (code) => this.onServerClosed(code),
        failure: (error) => {
          this.onerror?.(error);
          void this.close();
        },
      },
    );
  }

  /** The server hanging up on its own ends the upstream: report it, then close. */
  private onServerClosed(code: number): void {
    if (!this.closeRequested) {
      this.onerror?.(new TransportError('io_error', `${this.name}: the server closed the connection (code ${code})`, { detail: { close_code: code } }));
    }
    void this.close();
  }
}

/** Waits for the handshake; resolves with the failure as a TransportError, or undefined once open. */
function opened(socket: WebSocket): Promise<TransportError | undefined> {
  return new Promise((resolve) => {
    const done = (failure: TransportError | undefined): void => {
      socket.off('open', onOpen);
      socket.off('error', onError);
      socket.off('unexpected-response', onResponse);
      resolve(failure);
    };
    const onOpen = (): void => done(undefined);
    const onError = (cause: Error): void => done(connectError(cause));
    const onResponse = (_request: unknown, response: IncomingMessage): void => {
      const status = response.statusCode ?? 0;
      response.resume();
      // Listening to 'unexpected-response' makes aborting the handshake our job.
      socket.terminate();
      done(new TransportError('io_error', `the server refused the WebSocket handshake with HTTP ${status}`, { detail: { reason: 'handshake refused', status } }));
    };
    socket.once('open', onOpen);
    socket.once('error', onError);
    socket.once('unexpected-response', onResponse);
  });
}

/**
 * ws aborts a handshake whose 101 answer lacks our subprotocol (none, or another one) with a
 * bare "Server sent ..." error; naming the binding's rule tells an operator what to fix.
 */
function connectError(cause: Error): TransportError {
  if (/subprotocol/i.test(cause.message)) {
    return new TransportError('io_error', `the server did not select the ${SUBPROTOCOL} subprotocol (${cause.message})`, {
      cause,
      detail: { reason: 'bad subprotocol' },
    });
  }
  return new TransportError('io_error', `cannot connect: ${cause.message}`, { cause, detail: { reason: 'connect failed' } });
}
