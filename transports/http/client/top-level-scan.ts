/**
 * Watches the bytes of one JSON message stream past and remembers its top-level `id` and
 * whether it has a top-level `method`, without keeping the bytes. Used only for messages over
 * the size limit, so the engine can still answer the request an oversize frame belonged to.
 *
 * Why a scanner and not a prefix parse: the SDK and most servers serialise responses as
 * `{"result":...,"jsonrpc":"2.0","id":N}`, so the id usually comes after the huge part.
 */
import type { RequestId } from '../../../engine/protocol/jsonrpc.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** A key or id longer than this is not worth remembering (ids are short in practice). */
const MAX_CAPTURE = 1024;

type Capture = 'none' | 'key' | 'id';

export class TopLevelScanner {
  id: RequestId | undefined;
  hasMethod = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private expectKey = false;
  private key: string | undefined;
  private capture: Capture = 'none';
  private captured: number[] = [];

  push(bytes: Uint8Array): void {
    for (const byte of bytes) {
      if (this.inString) this.stringByte(byte);
      else this.structureByte(byte);
    }
  }

  private stringByte(byte: number): void {
    if (this.escaped) this.escaped = false;
    else if (byte === BACKSLASH) this.escaped = true;
    else if (byte === QUOTE) {
      this.inString = false;
      this.record(byte);
      this.endCapture();
      return;
    }
    this.record(byte);
  }

  private structureByte(byte: number): void {
    if (this.depth === 1 && this.capture === 'id' && isDelimiter(byte)) this.endCapture();
    switch (byte) {
      case QUOTE:
        this.inString = true;
        if (this.depth === 1 && this.expectKey) this.begin('key');
        else if (this.depth === 1 && this.key === 'id' && this.capture === 'none') this.begin('id');
        this.record(byte);
        return;
      case OPEN_BRACE:
      case OPEN_BRACKET:
        this.depth++;
        if (this.depth === 1) this.expectKey = byte === OPEN_BRACE;
        return;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        this.depth--;
        return;
      case COLON:
        if (this.depth === 1) this.expectKey = false;
        return;
      case COMMA:
        if (this.depth === 1) {
          this.expectKey = true;
          this.key = undefined;
        }
        return;
      default:
        // A bare number (or null) as the id's value.
        if (this.depth === 1 && !this.expectKey && this.key === 'id' && !isWhitespace(byte)) {
          if (this.capture === 'none') this.begin('id');
          this.record(byte);
        }
    }
  }

  private begin(capture: Capture): void {
    this.capture = capture;
    this.captured = [];
  }

  private record(byte: number): void {
    if (this.capture === 'none') return;
    if (this.captured.length >= MAX_CAPTURE) this.capture = 'none';
    else this.captured.push(byte);
  }

  private endCapture(): void {
    const capture = this.capture;
    this.capture = 'none';
    if (capture === 'none') return;
    const value = parse(Buffer.from(this.captured));
    if (capture === 'key') {
      this.key = typeof value === 'string' ? value : undefined;
      if (this.key === 'method') this.hasMethod = true;
    } else if (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) {
      this.id = value;
      // A key after the id's value must not be mistaken for a second id.
      this.key = undefined;
    }
  }
}

function parse(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isDelimiter(byte: number): boolean {
  return byte === COMMA || byte === CLOSE_BRACE || isWhitespace(byte);
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}
