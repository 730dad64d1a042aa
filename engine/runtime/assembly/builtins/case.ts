// lower and upper. Case mapping covers ASCII, Latin-1, Latin Extended-A pairs, Greek and
// Cyrillic; other code points pass through unchanged.
import { strLen, strPtr } from "../value";
import { bufNew, bufReserve, bufAdvance, bufToString } from "../buf";
import { decodeAt, encodeAt, DECODED_LEN } from "../utf8";
import { isStr } from "./args";

function toLower(c: u32): u32 {
  if (c - 0x41 < 26) return c + 0x20;
  if (c < 0xc0) return c;
  if ((c - 0xc0 < 0x1f && c != 0xd7) || (c - 0x391 < 0x19 && c != 0x3a2) || c - 0x410 < 0x20) return c + 0x20;
  if (c - 0x400 < 0x10) return c + 0x50;
  if (c - 0x100 < 0x80 && (c & 1) == 0 && c != 0x130 && c != 0x138) return c + 1;
  return c;
}

function toUpper(c: u32): u32 {
  if (c - 0x61 < 26) return c - 0x20;
  if (c < 0xe0) return c;
  if ((c - 0xe0 < 0x1f && c != 0xf7) || (c - 0x3b1 < 0x19 && c != 0x3c2) || c - 0x430 < 0x20) return c - 0x20;
  if (c - 0x450 < 0x10) return c - 0x50;
  if (c - 0x100 < 0x80 && (c & 1) == 1 && c != 0x131 && c != 0x139) return c - 1;
  return c;
}

function mapCase(s: usize, upper: bool): usize {
  if (!isStr(s)) return 0;
  let p = strPtr(s);
  let end = p + strLen(s);
  let b = bufNew(strLen(s) + 4);
  while (p < end) {
    let c = decodeAt(p, end);
    let n = DECODED_LEN;
    // Invalid bytes are copied as they are rather than re-encoded.
    let mapped = n == 1 && c >= 0x80 ? c : upper ? toUpper(c) : toLower(c);
    let out = bufReserve(b, 4);
    if (n == 1 && c >= 0x80) {
      store<u8>(out, <u8>c);
      bufAdvance(b, 1);
    } else {
      bufAdvance(b, encodeAt(out, mapped));
    }
    p += n;
  }
  return bufToString(b);
}

export function builtin_lower(s: usize): usize {
  return mapCase(s, false);
}

export function builtin_upper(s: usize): usize {
  return mapCase(s, true);
}
