/**
 * Lays out the policy's single data segment: static strings and the string values of
 * constants, collection literals of constants (constant-literals.ts), NUL-terminated
 * messages for `opa_abort`/`opa_println`, and JSON texts. Identical contents share one address.
 */
import { ByteWriter, encodeUtf8 } from './binary.js';

export interface Span {
  addr: number;
  len: number;
}

export const DATA_ALIGN = 16;

/** engine/runtime/assembly/value.ts: the type tag of strings, and their header's size. */
const T_STRING = 4;
const STRING_VALUE_BYTES = 12;
const T_OBJECT = 6;
const COLLECTION_VALUE_BYTES = 16;
const VALUE_ALIGN = 8;

export function alignUp(value: number, to = DATA_ALIGN): number {
  return Math.ceil(value / to) * to;
}

export class DataLayout {
  private readonly out = new ByteWriter();
  // Most texts are asked for again and again (every use of a string constant): each is laid out
  // once, and a repeated request is one map lookup, with no key or closure made for it.
  private readonly byteSpans = new Map<string, Span>();
  private readonly values = new Map<string, number>();
  private readonly cstrings = new Map<string, number>();
  private readonly collections = new Map<string, number>();

  /** `base` must not be 0: address 0 is the undefined value. */
  constructor(readonly base: number) {
    if (base <= 0) throw new Error('internal: data segment at address 0');
  }

  /** UTF-8 bytes of `text` (no terminator); for `opa_string`, `opa_number_ref`, `opa_json_parse`. */
  bytes(text: string): Span {
    let span = this.byteSpans.get(text);
    if (!span) this.byteSpans.set(text, span = this.place(encodeUtf8(text)));
    return span;
  }

  /**
   * Address of a string value for `text` (the runtime's layout: type tag T_STRING at +0, byte
   * length at +4, bytes pointer at +8), like the runtime's own null and boolean singletons: a
   * constant costs no allocation where it is used, and every use shares one pointer.
   */
  stringValue(text: string): number {
    let addr = this.values.get(text);
    if (addr === undefined) {
      const bytes = this.bytes(text);
      const header = new DataView(new ArrayBuffer(STRING_VALUE_BYTES));
      header.setUint32(0, T_STRING, true);
      header.setInt32(4, bytes.len, true);
      header.setUint32(8, bytes.addr, true);
      addr = this.place(new Uint8Array(header.buffer), VALUE_ALIGN).addr;
      this.values.set(text, addr);
    }
    return addr;
  }

  /**
   * Address of a collection value whose slots hold `slots` (value addresses: a set's members, an
   * array's elements, an object's keys and values in turn) in the runtime's layout: type tag at
   * +0, length at +4, capacity at +8, slots pointer at +12. Sets and objects must come sorted.
   */
  collectionValue(type: number, slots: readonly number[]): number {
    const key = `${type}:${slots.join(',')}`;
    let addr = this.collections.get(key);
    if (addr === undefined) {
      const length = type === T_OBJECT ? slots.length / 2 : slots.length;
      const words = new DataView(new ArrayBuffer(slots.length * 4));
      slots.forEach((slot, i) => words.setUint32(i * 4, slot, true));
      const at = slots.length === 0 ? 0 : this.place(new Uint8Array(words.buffer), VALUE_ALIGN).addr;
      const header = new DataView(new ArrayBuffer(COLLECTION_VALUE_BYTES));
      header.setUint32(0, type, true);
      header.setInt32(4, length, true);
      header.setInt32(8, length, true);
      header.setUint32(12, at, true);
      addr = this.place(new Uint8Array(header.buffer), VALUE_ALIGN).addr;
      this.collections.set(key, addr);
    }
    return addr;
  }

  /** Address of `text` followed by NUL; for `opa_abort` and `opa_println`. */
  cstring(text: string): number {
    let addr = this.cstrings.get(text);
    if (addr === undefined) {
      const encoded = encodeUtf8(text);
      const withNul = new Uint8Array(encoded.length + 1);
      withNul.set(encoded);
      addr = this.place(withNul).addr;
      this.cstrings.set(text, addr);
    }
    return addr;
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

  private place(content: Uint8Array, align = 1): Span {
    this.out.bytes(new Uint8Array(alignUp(this.end, align) - this.end));
    const span = { addr: this.end, len: content.length };
    this.out.bytes(content);
    return span;
  }
}
