// Go-syntax quoting (strconv.Quote and QuoteRune), which OPA uses to print strings inside
// composite values and sprintf uses for %q. Printable runes stay literal, everything else is
// escaped: \a \b \f \n \r \t \v, \xNN for other ASCII controls and invalid UTF-8 bytes, \uNNNN
// or \UNNNNNNNN beyond. Printability is approximated: controls, non-ASCII spaces, format and
// separator characters, private use and noncharacters are escaped; unassigned code points are
// not known here and stay literal.
import { bufAdvance, bufByte, bufReserve } from "./buf";
import { encodeAt } from "./utf8";

const HEX = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

// Inclusive ranges of non-printable runes above U+007F.
const HIDDEN = memory.data<u32>([
  0x80, 0xa0, 0xad, 0xad, 0x600, 0x605, 0x61c, 0x61c, 0x6dd, 0x6dd, 0x70f, 0x70f,
  0x1680, 0x1680, 0x180e, 0x180e, 0x2000, 0x200f, 0x2028, 0x202f, 0x205f, 0x2064,
  0x2066, 0x206f, 0x3000, 0x3000, 0xd800, 0xf8ff, 0xfeff, 0xfeff, 0xfff9, 0xfffb,
  0xe0001, 0xe0001, 0xe0020, 0xe007f, 0xf0000, 0x10ffff,
]);
const HIDDEN_RANGES = 19;

export const RUNE_ERROR: u32 = 0xfffd;

export function isPrintRune(r: u32): bool {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  if ((r & 0xfffe) == 0xfffe || r > 0x10ffff) return false;
  for (let i = 0; i < HIDDEN_RANGES; i++) {
    let lo = load<u32>(HIDDEN + (<usize>i << 3));
    let hi = load<u32>(HIDDEN + (<usize>i << 3) + 4);
    if (r >= lo && r <= hi) return false;
  }
  return true;
}

// Decodes one rune at p (p < end), rejecting invalid sequences the way Go does: those yield
// RUNE_ERROR with a length of 1. The length goes to RUNE_LEN.
export let RUNE_LEN: i32 = 1;
export function decodeRune(p: usize, end: usize): u32 {
  let b = <u32>load<u8>(p);
  RUNE_LEN = 1;
  if (b < 0x80) return b;
  let n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 0;
  if (n == 0 || b > 0xf4 || p + n > end) return RUNE_ERROR;
  let r = b & (0x7f >> n);
  for (let i = 1; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if ((c & 0xc0) != 0x80) return RUNE_ERROR;
    r = (r << 6) | (c & 0x3f);
  }
  let min: u32 = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
  if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return RUNE_ERROR;
  RUNE_LEN = n;
  return r;
}

export function hexDigits(b: usize, x: u32, count: i32): void {
  for (let i = count - 1; i >= 0; i--) bufByte(b, load<u8>(HEX + ((x >> (<u32>i << 2)) & 15)));
}

function writeRune(b: usize, r: u32): void {
  bufAdvance(b, encodeAt(bufReserve(b, 4), r));
}

// Escapes r unless it is printable (and ASCII when asciiOnly).
export function escapeRune(b: usize, r: u32, quote: u32, asciiOnly: bool): void {
  if (r == quote || r == 0x5c) {
    bufByte(b, 0x5c);
    bufByte(b, r);
    return;
  }
  if (isPrintRune(r) && (!asciiOnly || r < 0x80)) {
    writeRune(b, r);
    return;
  }
  let short = shortEscape(r);
  if (short) {
    bufByte(b, 0x5c);
    bufByte(b, short);
  } else if (r < 0x20 || r == 0x7f) {
    bufByte(b, 0x5c); bufByte(b, 0x78); hexDigits(b, r, 2);
  } else if (r < 0x10000) {
    bufByte(b, 0x5c); bufByte(b, 0x75); hexDigits(b, r, 4);
  } else {
    bufByte(b, 0x5c); bufByte(b, 0x55); hexDigits(b, r, 8);
  }
}

function shortEscape(r: u32): u32 {
  switch (r) {
    case 0x07: return 0x61;
    case 0x08: return 0x62;
    case 0x0c: return 0x66;
    case 0x0a: return 0x6e;
    case 0x0d: return 0x72;
    case 0x09: return 0x74;
    case 0x0b: return 0x76;
  }
  return 0;
}

// strconv.Quote (asciiOnly: QuoteToASCII) of n bytes at p.
export function quoteBytes(b: usize, p: usize, n: i32, asciiOnly: bool): void {
  bufByte(b, 0x22);
  let end = p + <usize>n;
  while (p < end) {
    let r = decodeRune(p, end);
    if (r == RUNE_ERROR && RUNE_LEN == 1) {
      bufByte(b, 0x5c); bufByte(b, 0x78); hexDigits(b, load<u8>(p), 2);
    } else {
      escapeRune(b, r, 0x22, asciiOnly);
    }
    p += RUNE_LEN;
  }
  bufByte(b, 0x22);
}

// strconv.QuoteRune: 'x'.
export function quoteRune(b: usize, r: u32, asciiOnly: bool): void {
  bufByte(b, 0x27);
  escapeRune(b, r, 0x27, asciiOnly);
  bufByte(b, 0x27);
}
