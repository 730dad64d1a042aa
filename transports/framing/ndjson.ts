/**
 * Newline-delimited JSON, the MCP stdio framing: one message per line, UTF-8, no embedded
 * newlines (JSON.stringify, and the canonical text of message-text.ts, guarantee that on the way out).
 *
 * Decisions where the spec is silent:
 * - The size limit counts the bytes of a line before its `\n`. Once a line crosses the limit
 *   its bytes are no longer kept, only scanned for the top-level `id` and `method` (constant
 *   memory), and it is reported at its newline with those facts, so the engine can answer it;
 *   a hostile peer can never make us buffer more than the limit.
 * - Lines holding only whitespace (including a lone `\r` of CRLF peers) are ignored.
 * - Bytes left without a newline at end of input are decoded as a last frame: JSON is
 *   self-delimiting, so a complete message is not lost because the peer omitted the `\n`,
 *   and a truncated one fails to parse.
 */
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import { messageText } from '../../engine/protocol/message-text.js';
import { DEFAULT_MAX_MESSAGE_BYTES, decodeMessage, tooLarge, type Decoded } from './message-codec.js';
import { TopLevelScanner } from './top-level-scan.js';

const NEWLINE = 0x0a;

export class NdjsonDecoder {
  private readonly maxMessageBytes: number;
  private parts: Uint8Array[] = [];
  private length = 0;
  /** Set while an oversize line streams past. */
  private skipped: { scanner: TopLevelScanner; bytes: number } | undefined;

  constructor(maxMessageBytes: number = DEFAULT_MAX_MESSAGE_BYTES) {
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Feeds a chunk of any size; returns what it completes, in order. */
  push(chunk: Uint8Array): Decoded[] {
    const out: Decoded[] = [];
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) {
        this.append(chunk.subarray(start));
        return out;
      }
      this.append(chunk.subarray(start, newline));
      this.finishLine(out);
      start = newline + 1;
    }
  }

  /** Signals end of input; returns the unterminated last line's result, if any. */
  end(): Decoded[] {
    const out: Decoded[] = [];
    this.finishLine(out);
    return out;
  }

  private append(part: Uint8Array): void {
    if (part.length === 0) return;
    if (this.skipped) {
      this.skipped.scanner.push(part);
      this.skipped.bytes += part.length;
      return;
    }
    if (this.length + part.length > this.maxMessageBytes) {
      const scanner = new TopLevelScanner();
      for (const kept of this.parts) scanner.push(kept);
      scanner.push(part);
      this.skipped = { scanner, bytes: this.length + part.length };
      this.parts = [];
      this.length = 0;
      return;
    }
    this.parts.push(part);
    this.length += part.length;
  }

  private finishLine(out: Decoded[]): void {
    if (this.skipped) {
      const { scanner, bytes } = this.skipped;
      this.skipped = undefined;
      out.push({ error: tooLarge(bytes, this.maxMessageBytes, 'incoming', scanner.facts()) });
      return;
    }
    const line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length);
    this.parts = [];
    this.length = 0;
    if (isBlank(line)) return;
    out.push(decodeMessage(line));
  }
}

/**
 * One message as one ndjson line, newline included. Throws `frame_too_large` over the limit.
 * Text, for a stream to encode as it writes: no Buffer is made for it here.
 * A UTF-16 unit is 1 to 3 UTF-8 bytes (a surrogate pair, two units, is 4), so a text of at most
 * a third of the limit in units fits without being counted.
 */
export function encodeNdjsonText(message: JsonRpcMessage, maxMessageBytes: number = DEFAULT_MAX_MESSAGE_BYTES): string {
  const text = messageText(message);
  if (text.length * 3 > maxMessageBytes) {
    const payload = Buffer.byteLength(text, 'utf8');
    if (payload > maxMessageBytes) throw tooLarge(payload, maxMessageBytes, 'outgoing');
  }
  return `${text}\n`;
}

function isBlank(line: Uint8Array): boolean {
  // JSON's own whitespace set: space, tab, CR, LF.
  return line.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0a);
}
