/**
 * One logical SSE stream of a session (the standalone GET stream, or the stream of one POSTed
 * request), which outlives the HTTP responses carrying it: events get ids, the last ones are
 * kept for `Last-Event-ID` replay, and events sent while no client is attached wait for the
 * next one. Memory is bounded by the replay history; sends beyond the buffer wait (backpressure).
 */
import { TransportError } from '../../errors.js';
import { sseEvent, type SseChannel } from './sse-channel.js';

export interface EventStreamLimits {
  /** Events kept for replay, and events buffered for an absent client before sends wait. */
  readonly events: number;
  /**
   * Replay history bound in bytes (the newest event is always kept), and bytes buffered for an
   * absent client before sends wait: a count alone would let 100 large results pile up.
   */
  readonly bytes: number;
}

interface Entry {
  readonly seq: number;
  readonly frame: Buffer;
  /** The response that ends a request's stream. */
  readonly final: boolean;
  settled: boolean;
  inFlight: boolean;
  resolve(): void;
  reject(error: TransportError): void;
}

export class EventStream {
  private seq = 0;
  private history: Entry[] = [];
  private historyBytes = 0;
  private pending: Entry[] = [];
  private channel: SseChannel | undefined;
  private failure: TransportError | undefined;
  /** Set once the final event was written: the stream is over. */
  done = false;

  constructor(
    /** Prefix of this stream's event ids, unique within the session. */
    readonly key: string,
    private readonly limits: EventStreamLimits,
    private readonly onDone: () => void = () => undefined,
  ) {}

  get hasEvents(): boolean {
    return this.seq > 0;
  }

  get attached(): boolean {
    return this.channel !== undefined;
  }

  /** The sequence number an event id of this stream names, or undefined if it is not one of ours. */
  seqOf(eventId: string): number | undefined {
    const prefix = `${this.key}.`;
    if (!eventId.startsWith(prefix)) return undefined;
    const digits = eventId.slice(prefix.length);
    if (!/^\d{1,15}$/.test(digits)) return undefined;
    // 0: the client has seen none of the stream's events (they start at 1), so all kept are replayed.
    return Number(digits);
  }

  push(payload: Buffer, final: boolean): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const seq = ++this.seq;
      const entry: Entry = { seq, frame: sseEvent(`${this.key}.${seq}`, payload), final, settled: false, inFlight: false, resolve, reject };
      this.remember(entry);
      this.pending.push(entry);
      if (this.channel) this.flush(this.channel);
      else if (this.pending.length <= this.limits.events && this.pendingBytes() <= this.limits.bytes) this.settle(entry);
    });
  }

  /**
   * Makes `channel` carry the stream. With `afterSeq` (from Last-Event-ID), the kept events after
   * it are replayed first; without, only the events no client has taken yet are written.
   */
  attach(channel: SseChannel, afterSeq?: number): void {
    if (afterSeq !== undefined) this.pending = this.replayAfter(afterSeq);
    // A finished stream resumed after its last event has nothing more to carry: left open, the
    // connection would wait forever (the SDK client resumes whenever an answer ends in an error).
    if (this.done && this.pending.length === 0) return channel.end(new TransportError('closed', 'the request stream ended'));
    this.channel = channel;
    this.flush(channel);
  }

  /** Ends the connection carrying the stream, whose client is taken to be gone: what it was not sent stays pending. */
  release(error: TransportError): void {
    this.channel?.end(error);
    this.detach();
  }

  /** The client left: what was not written stays pending for the next attach. */
  detach(): void {
    this.channel = undefined;
    for (const entry of this.pending) entry.inFlight = false;
  }

  /** The session is over: unsettled sends reject with `error`, the response ends. */
  fail(error: TransportError): void {
    this.failure ??= error;
    for (const entry of this.pending) this.reject(entry, error);
    this.pending = [];
    this.history = [];
    this.channel?.end(error);
    this.channel = undefined;
  }

  private flush(channel: SseChannel): void {
    for (const entry of this.pending) {
      if (entry.inFlight) continue;
      entry.inFlight = true;
      channel.write(entry.frame).then(
        () => this.written(entry),
        // The client left; detach() has made the entry pending again.
        () => undefined,
      );
    }
  }

  /**
   * No final event will come (the client cancelled the request): what still waits is dropped,
   * since its client no longer wants it, and the stream ends.
   */
  abandon(): void {
    if (this.done) return;
    for (const entry of this.pending) this.settle(entry);
    this.pending = [];
    this.finish();
  }

  private written(entry: Entry): void {
    this.pending = this.pending.filter((other) => other !== entry);
    this.settle(entry);
    if (entry.final) this.finish();
    // A resumed stream that was abandoned has no final event: it ends once its replay is written.
    else if (this.done && this.pending.length === 0) this.endChannel();
  }

  private finish(): void {
    this.done = true;
    this.endChannel();
    this.onDone();
  }

  private endChannel(): void {
    this.channel?.end(new TransportError('closed', 'the request stream ended'));
    this.channel = undefined;
  }

  private replayAfter(afterSeq: number): Entry[] {
    const bySeq = new Map<number, Entry>();
    for (const entry of [...this.history, ...this.pending]) if (entry.seq > afterSeq) bySeq.set(entry.seq, entry);
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq).map((entry) => Object.assign(entry, { inFlight: false }));
  }

  private remember(entry: Entry): void {
    this.history.push(entry);
    this.historyBytes += entry.frame.length;
    while (this.history.length > 1 && (this.history.length > this.limits.events || this.historyBytes > this.limits.bytes)) {
      this.historyBytes -= this.history.shift()!.frame.length;
    }
  }

  /** Summed when pushing while no client reads: sends wait from the limit on, so `pending` stays short. */
  private pendingBytes(): number {
    let bytes = 0;
    for (const entry of this.pending) bytes += entry.frame.length;
    return bytes;
  }

  private settle(entry: Entry): void {
    if (entry.settled) return;
    entry.settled = true;
    entry.resolve();
  }

  private reject(entry: Entry, error: TransportError): void {
    if (entry.settled) return;
    entry.settled = true;
    entry.reject(error);
  }
}
