/**
 * Writes frames to a Node Writable one at a time and settles each write when the stream has
 * taken its bytes without going over its high-water mark, waiting for 'drain' otherwise.
 * Queueing here instead of calling write() for every send keeps memory bounded by the
 * stream's buffer plus one frame, however many sends the caller fires without awaiting.
 * Frames written in the same turn of the event loop leave in one writev: under load that is one
 * system call (and one wake-up of the reader) for many messages instead of one each.
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
  /** Taken by the corked stream; settled once uncork hands their bytes on (a caller may exit then). */
  private readonly held: PendingWrite[] = [];

  constructor(private readonly output: Writable) {
    output.on('drain', this.onDrain);
  }

  write(bytes: Buffer | string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
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
    const pending = [...this.held.splice(0), ...(this.awaitingDrain ? [this.awaitingDrain] : []), ...this.queue];
    this.awaitingDrain = undefined;
    this.queue.length = 0;
    for (const write of pending) write.reject(error);
  }

  private pump(): void {
    while (this.awaitingDrain === undefined && this.failure === undefined) {
      const next = this.queue.shift();
      if (next === undefined) return;
      this.cork();
      if (this.output.write(next.bytes)) this.held.push(next);
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
    this.corked = false;
    this.output.uncork();
    for (const write of this.held.splice(0)) write.resolve();
  };

  private readonly onDrain = (): void => {
    const drained = this.awaitingDrain;
    this.awaitingDrain = undefined;
    drained?.resolve();
    this.pump();
  };
}
