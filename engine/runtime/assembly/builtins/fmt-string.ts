// String verbs of sprintf: %s and %v (precision = at most that many code points), %q (Go
// quoting; '+' escapes non-ASCII, '#' prefers a raw `...` string) and %x/%X (hex of the bytes;
// precision = at most that many bytes, ' ' separates bytes, '#' adds 0x).
import { bufAscii, bufByte, bufBytes, bufData, bufLen, bufNew } from "../buf";
import { byteOffsetOf } from "../utf8";
import { decodeRune, hexDigits, quoteBytes, RUNE_ERROR, RUNE_LEN } from "../go-quote";
import { HAS_PREC, HAS_WIDTH, MINUS, PLUS, PREC, SHARP, SHARP_V, SPACE, WIDTH, ZERO, padText, padding } from "./fmt-spec";

function truncated(p: usize, n: i32): i32 {
  return HAS_PREC ? byteOffsetOf(p, n, PREC) : n;
}

// A raw string needs no escapes: no backquote, no control character but tab, valid UTF-8.
function canBackquote(p: usize, n: i32): bool {
  let end = p + <usize>n;
  while (p < end) {
    let r = decodeRune(p, end);
    if (r == RUNE_ERROR && RUNE_LEN == 1) return false;
    if (r == 0x60 || r == 0xfeff || r == 0x7f || (r < 0x20 && r != 0x09)) return false;
    p += RUNE_LEN;
  }
  return true;
}

function writeQuoted(b: usize, p: usize, n: i32): void {
  n = truncated(p, n);
  let t = bufNew(n + 8);
  if (SHARP && canBackquote(p, n)) {
    bufByte(t, 0x60);
    bufBytes(t, p, n);
    bufByte(t, 0x60);
  } else {
    quoteBytes(t, p, n, PLUS);
  }
  padText(b, bufData(t), bufLen(t), true);
}

function writeHex(b: usize, p: usize, n: i32, upper: bool): void {
  if (HAS_PREC && PREC < n) n = PREC;
  let t = bufNew(n * 5 + 2);
  for (let i = 0; i < n; i++) {
    if (i > 0 && SPACE) bufByte(t, 0x20);
    if (SHARP && (i == 0 || SPACE)) bufAscii(t, upper ? "0X" : "0x");
    let c = <u32>load<u8>(p + i);
    if (upper) hexUpper(t, c);
    else hexDigits(t, c, 2);
  }
  // An empty result still takes the whole width (with '0' if asked).
  let fill = HAS_WIDTH ? WIDTH - bufLen(t) : 0;
  if (!MINUS) padding(b, fill, ZERO);
  bufBytes(b, bufData(t), bufLen(t));
  if (MINUS) padding(b, fill, false);
}

function hexUpper(t: usize, c: u32): void {
  let hi = c >> 4;
  let lo = c & 15;
  bufByte(t, hi < 10 ? 0x30 + hi : 0x37 + hi);
  bufByte(t, lo < 10 ? 0x30 + lo : 0x37 + lo);
}

// Every string verb for n bytes at p; false for verbs strings do not have.
export function formatString(b: usize, p: usize, n: i32, verb: u32): bool {
  switch (verb) {
    case 0x76:
      if (SHARP_V) writeQuoted(b, p, n);
      else padText(b, p, truncated(p, n), true);
      return true;
    case 0x73: padText(b, p, truncated(p, n), true); return true;
    case 0x71: writeQuoted(b, p, n); return true;
    case 0x78: writeHex(b, p, n, false); return true;
    case 0x58: writeHex(b, p, n, true); return true;
  }
  return false;
}
