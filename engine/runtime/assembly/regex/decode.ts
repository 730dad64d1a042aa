// Strict UTF-8 decoding for the native regex engine. The host sees strings through the SDK's
// TextDecoder, which replaces invalid sequences in its own way; rather than imitate that, an
// invalid sequence makes the native matcher hand the call to the host (width 0 here).

export let WIDTH: i32 = 0;

// The code point at p (end exclusive); WIDTH is its length in bytes, 0 when the bytes are not
// well-formed UTF-8 (truncated, overlong, surrogate or above U+10FFFF).
export function decodeStrict(p: usize, end: usize): i32 {
  let b = <i32>load<u8>(p);
  if (b < 0x80) {
    WIDTH = 1;
    return b;
  }
  let n = 0;
  let cp = 0;
  let min = 0;
  if (b >= 0xc2 && b <= 0xdf) { n = 2; cp = b & 0x1f; min = 0x80; }
  else if (b >= 0xe0 && b <= 0xef) { n = 3; cp = b & 0x0f; min = 0x800; }
  else if (b >= 0xf0 && b <= 0xf4) { n = 4; cp = b & 0x07; min = 0x10000; }
  else { WIDTH = 0; return 0; }
  if (p + <usize>n > end) { WIDTH = 0; return 0; }
  for (let i = 1; i < n; i++) {
    let c = <i32>load<u8>(p + i);
    if ((c & 0xc0) != 0x80) { WIDTH = 0; return 0; }
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) { WIDTH = 0; return 0; }
  WIDTH = n;
  return cp;
}

// Whether cp is in the case-folding orbit of an ASCII letter: RE2 folds k with U+212A (Kelvin
// sign) and s with U+017F (long s), and no other non-ASCII code point with an ASCII letter. Under
// case folding every folded part of a pattern is ASCII (parse.ts), so these two are the only
// code points a folding pattern judges differently from a plain one: the host judges them.
@inline export function foldsToAscii(cp: i32): bool {
  return cp == 0x212a || cp == 0x17f;
}

// First byte of the UTF-8 encoding of cp.
export function leadByte(cp: i32): i32 {
  if (cp < 0x80) return cp;
  if (cp < 0x800) return 0xc0 | (cp >> 6);
  if (cp < 0x10000) return 0xe0 | (cp >> 12);
  return 0xf0 | (cp >> 18);
}
