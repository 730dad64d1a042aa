/**
 * Sends text frames through a ws socket in call order, with backpressure: frames are handed to
 * ws only while its buffer (`bufferedAmount`) is under a high-water mark, and each send settles
 * when ws reports its bytes written out. Queueing here rather than calling ws.send for every
 * message keeps memory bounded by the high-water mark plus one frame, however many sends the
 * caller fires without awaiting.
 */
import type { WebSocket } from 'ws';
import { TransportError } from '../errors.js';

interface PendingSend {
  readonly bytes: Buffer;
  readonly resolve: () => void;
  readonly reject: (error: TransportError) => void;
}

/** Enough for many average messages in flight; small enough that a stalled reader is felt soon. */
export const SEND_HIGH_WATER_MARK = 1024 * 1024;

export class FrameSender {
  private readonly queue: PendingSend[] = [];
  private readonly inFlight = new Set<PendingSend>();
  private failure: TransportError | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly highWaterMark = SEND_HIGH_WATER_MARK,
  ) {}

  send(bytes: Buffer): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, resolve, reject });
      this.pump();
    });
  }

  /**
   * Rejects every send not yet written out, and all later ones, with `error`. Frames ws holds
   * but has not flushed are refused too: once we close, nobody can say whether they arrive.
   */
  fail(error: TransportError): void {
    if (this.failure) return;
    this.failure = error;
    const pending = [...this.inFlight, ...this.queue];
    this.inFlight.clear();
    this.queue.length = 0;
    for (const send of pending) send.reject(error);
  }

  private pump(): void {
    while (this.failure === undefined && this.queue.length > 0 && this.hasRoom()) {
      const next = this.queue.shift()!;
      this.inFlight.add(next);
      this.socket.send(next.bytes, { binary: false }, (error) => this.settle(next, error));
    }
  }

  /** Always room for one frame, or a frame larger than the mark could never go out. */
  private hasRoom(): boolean {
    return this.inFlight.size === 0 || this.socket.bufferedAmount < this.highWaterMark;
  }

  private settle(send: PendingSend, error: Error | undefined): void {
    if (!this.inFlight.delete(send)) return;
    if (error) send.reject(new TransportError('closed', 'the connection closed before the message was written', { cause: error }));
    else send.resolve();
    this.pump();
  }
}
