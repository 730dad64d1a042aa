/**
 * Wasm binary primitives: a growable byte writer and a cursor reader, both speaking LEB128,
 * length-prefixed vectors and UTF-8 names (the only encodings the module format needs).
 */

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  get length(): number {
    return this.len;
  }

  // Every byte of the module passes here, mostly before V8 has optimised it: the capacity check is
  // inline, and only growing is a call.
  u8(byte: number): this {
    if (this.len === this.buf.length) this.grow(1);
    this.buf[this.len++] = byte & 0xff;
    return this;
  }

  bytes(data: Uint8Array | readonly number[]): this {
    if (this.len + data.length > this.buf.length) this.grow(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  u32(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`u32 out of range: ${value}`);
    // Most values (local and function indices, lengths) take one byte.
    if (value < 0x80) return this.u8(value);
    let v = value;
    do {
      const low = v & 0x7f;
      v = Math.floor(v / 128);
      this.u8(v === 0 ? low : low | 0x80);
    } while (v !== 0);
    return this;
  }

  /** Signed LEB128 of an i32 in number arithmetic: every `i32.const` goes through here. */
  s32(value: number): this {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
      throw new RangeError(`i32 out of range: ${value}`);
    }
    // Wasm i32 constants are bit patterns: 0x80000000..0xffffffff are written as their negative twins.
    let v = value | 0;
    for (;;) {
      const low = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (low & 0x40) === 0) || (v === -1 && (low & 0x40) !== 0);
      this.u8(done ? low : low | 0x80);
      if (done) return this;
    }
  }

  s64(value: bigint): this {
    let v = BigInt.asIntN(64, value);
    for (;;) {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (low & 0x40) === 0) || (v === -1n && (low & 0x40) !== 0);
      this.u8(done ? low : low | 0x80);
      if (done) return this;
    }
  }

  name(text: string): this {
    const encoded = utf8.encode(text);
    return this.u32(encoded.length).bytes(encoded);
  }

  /** A vector: the item count, then each item as written by `each`. */
  vec<T>(items: readonly T[], each: (w: this, item: T) => void): this {
    this.u32(items.length);
    for (const item of items) each(this, item);
    return this;
  }

  /** Length-prefixed nested content (sections, function bodies). */
  sized(content: Uint8Array): this {
    return this.u32(content.length).bytes(content);
  }

  finish(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.len);
  }

  private grow(extra: number): void {
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

export class ByteReader {
  pos: number;

  constructor(readonly buf: Uint8Array, start = 0, readonly end = buf.length) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) throw new RangeError(`unexpected end of wasm at byte ${this.pos}`);
    return this.buf[this.pos++]!;
  }

  bytes(count: number): Uint8Array {
    if (this.pos + count > this.end) throw new RangeError(`unexpected end of wasm at byte ${this.pos}`);
    const out = this.buf.subarray(this.pos, this.pos + count);
    this.pos += count;
    return out;
  }

  u32(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      const byte = this.u8();
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new RangeError(`malformed u32 LEB128 at byte ${this.pos}`);
  }

  s32(): number {
    return Number(this.s64());
  }

  s64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) {
        if (byte & 0x40) result -= 1n << shift;
        return BigInt.asIntN(64, result);
      }
      if (shift > 63n) throw new RangeError(`malformed s64 LEB128 at byte ${this.pos}`);
    }
  }

  name(): string {
    return utf8Decoder.decode(this.bytes(this.u32()));
  }
}

export function encodeUtf8(text: string): Uint8Array {
  return utf8.encode(text);
}
