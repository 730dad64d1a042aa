/**
 * Collects the bytes of one incoming message (an SSE event's data or a JSON response body)
 * up to the size limit. Past the limit it stops keeping bytes and only watches them for the
 * top-level id, so a hostile server can never make us hold more than the limit per message.
 */
import type { TransportError } from '../../errors.js';
import { tooLarge } from '../../framing/message-codec.js';
import { TopLevelScanner } from '../../framing/top-level-scan.js';

export type Collected = { readonly bytes: Buffer } | { readonly error: TransportError };

export class BoundedMessage {
  private parts: Uint8Array[] = [];
  private length = 0;
  private scanner: TopLevelScanner | undefined;

  constructor(private readonly limit: number) {}

  get byteLength(): number {
    return this.length;
  }

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.length += bytes.length;
    if (this.scanner !== undefined) {
      this.scanner.push(bytes);
      return;
    }
    if (this.length <= this.limit) {
      this.parts.push(bytes);
      return;
    }
    // Crossing the limit: the kept prefix goes through the scanner once, then is released.
    this.scanner = new TopLevelScanner();
    for (const part of this.parts) this.scanner.push(part);
    this.scanner.push(bytes);
    this.parts = [];
  }

  /** The message's bytes, or `frame_too_large` carrying what the scanner saw of its envelope. */
  finish(): Collected {
    const { scanner, length } = this;
    const parts = this.parts;
    this.parts = [];
    this.length = 0;
    this.scanner = undefined;
    if (scanner === undefined) return { bytes: parts.length === 1 ? Buffer.from(parts[0]!) : Buffer.concat(parts, length) };
    return { error: tooLarge(length, this.limit, 'incoming', scanner.facts()) };
  }
}
