/**
 * Lays out the policy's single data segment: static strings (referenced in place by
 * `opa_string`), NUL-terminated messages for `opa_abort`/`opa_println`, and JSON texts.
 * Identical contents share one address.
 */
import { ByteWriter, encodeUtf8 } from './binary.js';

export interface Span {
  addr: number;
  len: number;
}

export const DATA_ALIGN = 16;

export function alignUp(value: number, to = DATA_ALIGN): number {
  return Math.ceil(value / to) * to;
}

export class DataLayout {
  private readonly out = new ByteWriter();
  private readonly seen = new Map<string, Span>();

  /** `base` must not be 0: address 0 is the undefined value. */
  constructor(readonly base: number) {
    if (base <= 0) throw new Error('internal: data segment at address 0');
  }

  /** UTF-8 bytes of `text` (no terminator); for `opa_string`, `opa_number_ref`, `opa_json_parse`. */
  bytes(text: string): Span {
    return this.place(`b:${text}`, () => encodeUtf8(text));
  }

  /** Address of `text` followed by NUL; for `opa_abort` and `opa_println`. */
  cstring(text: string): number {
    return this.place(`c:${text}`, () => {
      const encoded = encodeUtf8(text);
      const withNul = new Uint8Array(encoded.length + 1);
      withNul.set(encoded);
      return withNul;
    }).addr;
  }

  /** Address of `length` zero bytes of its own (never shared), for the code to write to. */
  reserve(length: number): number {
    const addr = this.end;
    this.out.bytes(new Uint8Array(length));
    return addr;
  }

  /** End address (exclusive) of everything placed so far. */
  get end(): number {
    return this.base + this.out.length;
  }

  finish(): Uint8Array {
    return this.out.finish();
  }

  /** Most texts are asked for again and again (every use of a string constant): encoded once. */
  private place(key: string, encode: () => Uint8Array): Span {
    const known = this.seen.get(key);
    if (known) return known;
    const content = encode();
    const span = { addr: this.end, len: content.length };
    this.out.bytes(content);
    this.seen.set(key, span);
    return span;
  }
}
