/**
 * Newline-delimited JSON, the MCP stdio framing: one message per line, UTF-8, no embedded
 * newlines (JSON.stringify guarantees that on the way out).
 *
 * Decisions where the spec is silent:
 * - The size limit counts the bytes of a line before its `\n`. An oversize line is reported
 *   as soon as it crosses the limit and then skipped up to its newline, so a hostile peer
 *   can never make us buffer more than the limit.
 * - Lines holding only whitespace (including a lone `\r` of CRLF peers) are ignored.
 * - Bytes left without a newline at end of input are decoded as a last frame: JSON is
 *   self-delimiting, so a complete message is not lost because the peer omitted the `\n`,
 *   and a truncated one fails to parse.
 */
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import { DEFAULT_MAX_MESSAGE_BYTES, decodeMessage, encodeMessage, tooLarge, type Decoded } from './message-codec.js';

const NEWLINE = 0x0a;
const NEWLINE_BYTES = Buffer.from('\n');

export class NdjsonDecoder {
  private readonly maxMessageBytes: number;
  private parts: Uint8Array[] = [];
  private length = 0;
  private skipping = false;

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
        this.append(chunk.subarray(start), out);
        return out;
      }
      this.append(chunk.subarray(start, newline), out);
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

  private append(part: Uint8Array, out: Decoded[]): void {
    if (this.skipping || part.length === 0) return;
    if (this.length + part.length > this.maxMessageBytes) {
      out.push({ error: tooLarge(this.length + part.length, this.maxMessageBytes, 'incoming') });
      this.reset();
      this.skipping = true;
      return;
    }
    this.parts.push(part);
    this.length += part.length;
  }

  private finishLine(out: Decoded[]): void {
    const line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length);
    const wasSkipping = this.skipping;
    this.reset();
    if (wasSkipping || isBlank(line)) return;
    out.push(decodeMessage(line));
  }

  private reset(): void {
    this.parts = [];
    this.length = 0;
    this.skipping = false;
  }
}

/** One message as one ndjson line, newline included. Throws `frame_too_large` over the limit. */
export function encodeNdjson(message: JsonRpcMessage, maxMessageBytes: number = DEFAULT_MAX_MESSAGE_BYTES): Buffer {
  return Buffer.concat([encodeMessage(message, maxMessageBytes), NEWLINE_BYTES]);
}

function isBlank(line: Uint8Array): boolean {
  // JSON's own whitespace set: space, tab, CR, LF.
  return line.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0a);
}
