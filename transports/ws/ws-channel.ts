/**
 * JSON-RPC over one open ws socket: the part the listener's session transport and the upstream
 * client transport share. It decodes frames, sends with backpressure, keeps the peer alive,
 * and can hold everything that happens before its transport is started, releasing it in order.
 * Lifecycle decisions (what a peer close means, when to close) stay with the transport.
 */
import type { RawData, WebSocket } from 'ws';
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import { TransportError } from '../errors.js';
import { encodeMessage } from '../framing/message-codec.js';
import { closeSocket } from './close-socket.js';
import { FrameSender } from './frame-sender.js';
import { decodeFrame } from './incoming.js';
import { Keepalive } from './keepalive.js';

export interface ChannelEvents {
  message(message: JsonRpcMessage): void;
  /** A bad frame: dropped, reading goes on. */
  frameError(error: TransportError): void;
  /** The socket closed, with the close code the peer sent (1006 when the connection just dropped). */
  ended(code: number): void;
  /** The socket failed or the peer stopped answering pings; the link is unusable. */
  failure(error: TransportError): void;
}

export interface ChannelOptions {
  readonly maxMessageBytes: number;
  readonly pingIntervalMs: number;
  readonly closeGraceMs: number;
}

export class WsChannel {
  private readonly sender: FrameSender;
  private readonly keepalive: Keepalive;
  /** Events seen while held, replayed by open(); undefined once open. */
  private held: (() => void)[] | undefined = [];
  private delivering = true;
  private paused = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: ChannelOptions,
    private readonly events: ChannelEvents,
  ) {
    this.sender = new FrameSender(socket);
    this.keepalive = new Keepalive(socket, options.pingIntervalMs, () => this.onDead());
    // Paused, the socket stops reading, so a client cannot flood us before its session is
    // accepted: what ws already had in hand is all that can pile up in `held`.
    socket.pause();
    socket.on('message', this.onMessage);
    socket.on('close', this.onClose);
    socket.on('error', this.onError);
  }

  /** Replays what arrived while held, then delivers live and starts the keepalive. */
  open(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const event of held) event();
    if (this.paused) return;
    this.socket.resume();
    this.keepalive.start();
  }

  /**
   * Stops reading the socket, so TCP slows the peer down. The keepalive stops with it: pongs
   * would not be read, and a peer we do not read is not a dead one.
   */
  pause(): void {
    if (this.paused || !this.delivering) return;
    this.paused = true;
    this.keepalive.stop();
    this.socket.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.held) return;
    this.socket.resume();
    this.keepalive.start();
  }

  send(message: JsonRpcMessage): Promise<void> {
    try {
      return this.sender.send(encodeMessage(message, this.options.maxMessageBytes));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Stops delivering: what still arrives is read and dropped, so the peer never blocks. */
  mute(): void {
    this.resume();
    this.delivering = false;
  }

  /** Refuses queued and later sends, sends our close frame, and resolves once the socket closed. */
  async shutdown(code: number, reason: string, refusal: TransportError): Promise<void> {
    this.mute();
    this.keepalive.stop();
    this.sender.fail(refusal);
    await closeSocket(this.socket, code, reason, this.options.closeGraceMs);
    this.socket.off('message', this.onMessage);
  }

  private emit(event: () => void): void {
    if (this.held) this.held.push(event);
    else event();
  }

  private readonly onMessage = (data: RawData, isBinary: boolean): void => {
    // binaryType is 'nodebuffer' (ws's default), so data is one Buffer.
    const result = decodeFrame(data as Buffer, isBinary, this.options.maxMessageBytes);
    this.emit(() => {
      if (!this.delivering) return;
      if ('message' in result) this.events.message(result.message);
      else this.events.frameError(result.error);
    });
  };

  private readonly onClose = (code: number): void => {
    this.keepalive.stop();
    this.sender.fail(new TransportError('closed', 'the connection closed before the message was written'));
    this.emit(() => this.events.ended(code));
  };

  private readonly onError = (cause: Error): void => {
    // ws names its protocol violations (oversize frame, bad opcode) by code; the message is safe.
    const wsCode = (cause as { code?: unknown }).code;
    const detail = typeof wsCode === 'string' ? { reason: wsCode } : undefined;
    this.emit(() => this.fail(new TransportError('io_error', `WebSocket failed: ${cause.message}`, { cause, detail })));
  };

  private onDead(): void {
    // Cut off, not closed politely: a peer that does not answer pings will not answer a close frame.
    this.socket.terminate();
    this.fail(new TransportError('io_error', 'the peer did not answer a ping in time', { detail: { reason: 'keepalive timeout' } }));
  }

  private fail(error: TransportError): void {
    if (this.delivering) this.events.failure(error);
  }
}
