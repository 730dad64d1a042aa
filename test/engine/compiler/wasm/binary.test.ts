import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ByteReader, ByteWriter } from '../../../../engine/compiler/wasm/binary.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

test('u32 LEB128 matches the spec examples', () => {
  assert.is(hex(new ByteWriter().u32(0).finish()), '00');
  assert.is(hex(new ByteWriter().u32(127).finish()), '7f');
  assert.is(hex(new ByteWriter().u32(128).finish()), '8001');
  assert.is(hex(new ByteWriter().u32(624485).finish()), 'e58e26');
  assert.is(hex(new ByteWriter().u32(0xffffffff).finish()), 'ffffffff0f');
});

test('u32 rejects values that do not fit', () => {
  assert.throws(() => new ByteWriter().u32(-1), /out of range/);
  assert.throws(() => new ByteWriter().u32(2 ** 32), /out of range/);
  assert.throws(() => new ByteWriter().u32(1.5), /out of range/);
});

test('signed LEB128 encodes sign and i32 bit patterns', () => {
  assert.is(hex(new ByteWriter().s32(-1).finish()), '7f');
  assert.is(hex(new ByteWriter().s32(63).finish()), '3f');
  assert.is(hex(new ByteWriter().s32(64).finish()), 'c000');
  assert.is(hex(new ByteWriter().s32(-123456).finish()), 'c0bb78');
  assert.is(hex(new ByteWriter().s32(0xffffffff).finish()), '7f');
  assert.is(hex(new ByteWriter().s64(-(2n ** 63n)).finish()), '8080808080808080807f');
});

test('s32 writes the bytes s64 writes for the same i32 bit pattern', () => {
  const values = [0, 1, -1, 63, 64, -64, -65, 8191, 8192, -8192, -8193, 2 ** 20, -(2 ** 20), 2 ** 27, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 0xffffffff];
  for (const v of values) assert.is(hex(new ByteWriter().s32(v).finish()), hex(new ByteWriter().s64(BigInt(v | 0)).finish()), String(v));
});

test('reader round-trips every encoding', () => {
  const u32s = [0, 1, 127, 128, 16384, 2 ** 31, 0xffffffff];
  const s64s = [0n, -1n, 63n, -64n, 64n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n];
  const w = new ByteWriter();
  for (const v of u32s) w.u32(v);
  for (const v of s64s) w.s64(v);
  w.s32(-2147483648).name('héllo').vec([1, 2, 3], (x, v) => x.u8(v));
  const r = new ByteReader(w.finish());
  for (const v of u32s) assert.is(r.u32(), v);
  for (const v of s64s) assert.is(r.s64(), v);
  assert.is(r.s32(), -2147483648);
  assert.is(r.name(), 'héllo');
  assert.is(r.u32(), 3);
  assert.equal([...r.bytes(3)], [1, 2, 3]);
  assert.ok(r.done);
});

test('names are length-prefixed UTF-8', () => {
  assert.is(hex(new ByteWriter().name('é').finish()), '02c3a9');
});

test('sized prefixes content with its length', () => {
  assert.is(hex(new ByteWriter().sized(new Uint8Array([9, 8])).finish()), '020908');
});

test('reader reports truncated input', () => {
  assert.throws(() => new ByteReader(new Uint8Array([0x80])).u32(), /unexpected end/);
  assert.throws(() => new ByteReader(new Uint8Array([1]), 0, 1).bytes(2), /unexpected end/);
});

test('writer grows past its initial buffer', () => {
  const w = new ByteWriter();
  for (let i = 0; i < 1000; i++) w.u8(i);
  const out = w.finish();
  assert.is(out.length, 1000);
  assert.is(out[999], 999 & 0xff);
});

test.run();
