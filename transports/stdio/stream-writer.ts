/**
 * Writes frames to a Node Writable one at a time and settles each write when the stream has
 * taken its bytes without going over its high-water mark, waiting for 'drain' otherwise.
 * Queueing here instead of calling write() for every send keeps memory bounded by the
 * stream's buffer plus one frame, however many sends the caller fires without awaiting.
 * Frames written in the same turn of the event loop leave in one writev: under load that is one
 * system call (and one wake-up of the reader) for many messages instead of one each. A frame the
 * corked stream took settles at once, so a caller that awaits each send (the mediator, sending in
 * arrival order) still adds its next frame to the same writev; the corked bytes leave at the end
 * of the tick, or at once when the writer fails or the stream ends (end() uncorks), so a session
 * stopping right after never loses frames it was told were handed off.
 */
import type { Writable } from 'node:stream';
import type { TransportError } from '../errors.js';

interface PendingWrite {
  /** A string is written as UTF-8 by the stream itself, sparing a Buffer per frame. */
  readonly bytes: Buffer | string;
  readonly resolve: () => void;
  readonly reject: (error: TransportError) => void;
}

export class StreamWriter {
  private readonly queue: PendingWrite[] = [];
  private awaitingDrain: PendingWrite | undefined;
  private failure: TransportError | undefined;
  private corked = false;

  constructor(private readonly output: Writable) {
    output.on('drain', this.onDrain);
  }

  write(bytes: Buffer | string): Promise<void> {
    return this.writeNow(bytes) ?? Promise.resolve();
  }

  /**
   * `write` without a promise when none is needed: undefined when the stream took the frame at
   * once (what `write` would settle at once), else the promise `write` would return.
   */
  writeNow(bytes: Buffer | string): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (this.awaitingDrain === undefined && this.queue.length === 0) {
      this.cork();
      if (this.output.write(bytes)) return undefined;
      if (this.failure) return Promise.reject(this.failure);
      return new Promise((resolve, reject) => {
        this.awaitingDrain = { bytes, resolve, reject };
      });
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, resolve, reject });
      this.pump();
    });
  }

  /** Rejects every write not yet taken by the stream, and all later ones, with `error`. */
  fail(error: TransportError): void {
    if (this.failure) return;
    this.failure = error;
    this.output.off('drain', this.onDrain);
    // Frames already taken were acknowledged: they leave now, before the caller can close or exit.
    this.uncork();
    const pending = [...(this.awaitingDrain ? [this.awaitingDrain] : []), ...this.queue];
    this.awaitingDrain = undefined;
    this.queue.length = 0;
    for (const write of pending) write.reject(error);
  }

  private pump(): void {
    while (this.awaitingDrain === undefined && this.failure === undefined) {
      const next = this.queue.shift();
      if (next === undefined) return;
      this.cork();
      if (this.output.write(next.bytes)) next.resolve();
      else this.awaitingDrain = next;
    }
  }

  private cork(): void {
    if (this.corked) return;
    this.corked = true;
    this.output.cork();
    process.nextTick(this.uncork);
  }

  private readonly uncork = (): void => {
    if (!this.corked) return;
    this.corked = false;
    this.output.uncork();
  };

  private readonly onDrain = (): void => {
    const drained = this.awaitingDrain;
    this.awaitingDrain = undefined;
    drained?.resolve();
    this.pump();
  };
}
