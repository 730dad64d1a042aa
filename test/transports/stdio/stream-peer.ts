/**
 * The far end of an ndjson stream, for the contract suite: writes newline-terminated frames
 * into the transport and splits what comes back into lines. It splits with its own few lines
 * of code rather than the framing module under test, so a framing bug cannot hide itself.
 */
import type { Readable, Writable } from 'node:stream';
import type { TransportPeer } from '../contract.suite.js';
import { Inbox } from '../../support/inbox.js';

export class StreamPeer implements TransportPeer {
  private readonly inbox = new Inbox<Buffer>('frame from the transport');
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    private readonly toTransport: Writable,
    private readonly fromTransport: Readable,
  ) {
    fromTransport.on('data', (chunk: Buffer) => this.take(chunk));
    // The far side may vanish mid-write in hang-up tests; that is the point, not a failure.
    toTransport.on('error', () => undefined);
    fromTransport.on('error', () => undefined);
  }

  writeFrame(payload: string | Uint8Array): Promise<void> {
    const frame = Buffer.concat([typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload, Buffer.from('\n')]);
    return this.writeRaw(frame);
  }

  /** Bytes exactly as given: lets stream-specific tests split or merge frames. */
  writeRaw(bytes: Uint8Array | string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.toTransport.write(bytes, (error) => (error ? reject(error) : resolve()));
    });
  }

  readFrame(timeoutMs = 5000): Promise<Buffer> {
    return this.inbox.next(timeoutMs);
  }

  pauseReading(): void {
    this.fromTransport.pause();
  }

  resumeReading(): void {
    this.fromTransport.resume();
  }

  async close(): Promise<void> {
    this.toTransport.end();
  }

  private take(chunk: Buffer): void {
    let data = Buffer.concat([this.pending, chunk]);
    for (let newline = data.indexOf(0x0a); newline !== -1; newline = data.indexOf(0x0a)) {
      this.inbox.push(data.subarray(0, newline));
      data = data.subarray(newline + 1);
    }
    this.pending = data;
  }
}
