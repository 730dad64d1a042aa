/**
 * Reads a JSON object's top-level `id` and whether it has a `method` from a byte stream too large
 * to keep, with constant memory. A frame refused for its size is still answered this way: the
 * engine can reply to the request (or settle the request a response answers) instead of leaving
 * the requester to its own timeout. MCP's SDK writes `id` last (`{result, jsonrpc, id}`), so the
 * whole frame has to stream past.
 */
import type { RequestId } from '../../engine/protocol/jsonrpc.js';
import { numberMarker } from '../../engine/protocol/number-markers.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_KEY_BYTES = 8;
const MAX_ID_BYTES = 1024;

export interface TopLevelFacts {
  /** The id when it can be echoed exactly (a number a double cannot hold as a marker: parseId). */
  id?: RequestId;
  /** Whether there was an `id` member at all, usable or not. */
  hasId: boolean;
  hasMethod: boolean;
  /** Whether the frame opened as a JSON object: anything else cannot be a JSON-RPC message. */
  isObject: boolean;
}

export class TopLevelScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private expectKey = false;
  private key: number[] | undefined;
  private lastKey = '';
  private idBytes: number[] | undefined;
  private idText: string | undefined;
  private hasMethod = false;
  /** The first byte that is not white space, once seen. */
  private first: number | undefined;

  push(bytes: Uint8Array): void {
    for (const byte of bytes) this.step(byte);
  }

  facts(): TopLevelFacts {
    const id = parseId(this.idText);
    const facts = { hasId: this.idText !== undefined || this.idBytes !== undefined, hasMethod: this.hasMethod, isObject: this.first === 0x7b };
    return id === undefined ? facts : { id, ...facts };
  }

  private step(byte: number): void {
    if (this.first === undefined && !isJsonSpace(byte)) this.first = byte;
    if (this.idBytes && this.idBytes.length < MAX_ID_BYTES) this.idBytes.push(byte);
    if (this.inString) return this.stringByte(byte);
    switch (byte) {
      case QUOTE:
        this.inString = true;
        if (this.depth === 1 && this.expectKey) this.key = [];
        return;
      case 0x7b: case 0x5b: // { [
        this.depth++;
        if (this.depth === 1) this.expectKey = true;
        return;
      case 0x7d: case 0x5d: // } ]
        if (this.depth === 1) this.endValue();
        this.depth--;
        return;
      case 0x2c: // ,
        if (this.depth === 1) {
          this.endValue();
          this.expectKey = true;
        }
        return;
      case 0x3a: // :
        if (this.depth === 1) this.startValue();
        return;
      default:
    }
  }

  private stringByte(byte: number): void {
    if (this.escaped) {
      this.escaped = false;
    } else if (byte === BACKSLASH) {
      this.escaped = true;
    } else if (byte === QUOTE) {
      this.inString = false;
      if (this.key) {
        this.lastKey = Buffer.from(this.key).toString('utf8');
        this.key = undefined;
        this.expectKey = false;
      }
      return;
    }
    if (this.key && this.key.length <= MAX_KEY_BYTES) this.key.push(byte);
  }

  private startValue(): void {
    if (this.lastKey === 'method') this.hasMethod = true;
    if (this.lastKey === 'id') this.idBytes = [];
  }

  private endValue(): void {
    if (!this.idBytes) return;
    // The byte that ended the value (`,` or `}`) was captured too.
    this.idText = Buffer.from(this.idBytes.slice(0, -1)).toString('utf8');
    this.idBytes = undefined;
  }
}

/** JSON's insignificant white space (RFC 8259 section 2). */
export function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * The id as it can be echoed: a string, a safe integer, or any other number as a marker of its
 * exact text (number-markers.ts), which a double would change (9007199254740993, 1.5).
 */
function parseId(text: string | undefined): RequestId | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) return value;
    if (typeof value === 'number' && Number.isFinite(value)) return numberMarker(text.trim());
  } catch {
    // not a usable id (truncated, or not a scalar): the frame is refused without an answer
  }
  return undefined;
}
