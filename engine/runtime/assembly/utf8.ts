// UTF-8 helpers. Strings are byte sequences; Rego measures and slices them in code points.

// Number of code points: every byte that is not a continuation byte starts one.
export function countCodePoints(p: usize, n: i32): i32 {
  let count = 0;
  for (let i = 0; i < n; i++) {
    if ((load<u8>(p + i) & 0xc0) != 0x80) count++;
  }
  return count;
}

// Byte offset of code point index cp (clamped to n).
export function byteOffsetOf(p: usize, n: i32, cp: i32): i32 {
  let i = 0;
  while (i < n && cp > 0) {
    i++;
    while (i < n && (load<u8>(p + i) & 0xc0) == 0x80) i++;
    cp--;
  }
  return i;
}

// Length in bytes of the UTF-8 sequence starting with byte b.
export function seqLen(b: u32): i32 {
  if (b < 0x80) return 1;
  if (b >= 0xf0) return 4;
  if (b >= 0xe0) return 3;
  if (b >= 0xc0) return 2;
  return 1;
}

// Decodes the code point at p (bounded by end); returns it and sets DECODED_LEN.
export let DECODED_LEN: i32 = 0;
export function decodeAt(p: usize, end: usize): u32 {
  let b = <u32>load<u8>(p);
  let n = seqLen(b);
  if (p + n > end) n = 1;
  DECODED_LEN = n;
  if (n == 1) return b;
  let cp = b & (0xff >> (n + 1));
  for (let i = 1; i < n; i++) cp = (cp << 6) | (load<u8>(p + i) & 0x3f);
  return cp;
}

// Writes cp as UTF-8 at out; returns the number of bytes written (1-4).
export function encodeAt(out: usize, cp: u32): i32 {
  if (cp < 0x80) {
    store<u8>(out, <u8>cp);
    return 1;
  }
  if (cp < 0x800) {
    store<u8>(out, <u8>(0xc0 | (cp >> 6)));
    store<u8>(out, <u8>(0x80 | (cp & 0x3f)), 1);
    return 2;
  }
  if (cp < 0x10000) {
    store<u8>(out, <u8>(0xe0 | (cp >> 12)));
    store<u8>(out, <u8>(0x80 | ((cp >> 6) & 0x3f)), 1);
    store<u8>(out, <u8>(0x80 | (cp & 0x3f)), 2);
    return 3;
  }
  store<u8>(out, <u8>(0xf0 | (cp >> 18)));
  store<u8>(out, <u8>(0x80 | ((cp >> 12) & 0x3f)), 1);
  store<u8>(out, <u8>(0x80 | ((cp >> 6) & 0x3f)), 2);
  store<u8>(out, <u8>(0x80 | (cp & 0x3f)), 3);
  return 4;
}
