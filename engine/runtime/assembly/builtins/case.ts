// lower and upper: Go's strings.ToLower and ToUpper, which OPA's are. Each code point is mapped
// by its simple case mapping (case-table.ts, Unicode 15.0.0 as in Go's tables): no special casing,
// so "ß" stays "ß" and "İ" lowers to "i", and a string never changes length in code points.
import { strLen, strPtr } from "../value";
import { bufNew, bufReserve, bufAdvance, bufToString } from "../buf";
import { decodeAt, encodeAt, DECODED_LEN } from "../utf8";
import { isStr } from "./args";
import { ALT, CASE_RANGES } from "./case-table";

function toLower(c: u32): u32 {
  if (c - 0x41 < 26) return c + 0x20;
  if (c < 0x80) return c;
  return mapped(c, false);
}

function toUpper(c: u32): u32 {
  if (c - 0x61 < 26) return c - 0x20;
  if (c < 0x80) return c;
  return mapped(c, true);
}

/** The range of CASE_RANGES holding c (a binary search over their starts), mapped; c when none does. */
function mapped(c: u32, upper: bool): u32 {
  let lo = 0;
  let hi = CASE_RANGES.length / 4;
  let cp = <i32>c;
  while (lo < hi) {
    let mid = (lo + hi) >>> 1;
    let at = mid * 4;
    if (cp < unchecked(CASE_RANGES[at])) {
      hi = mid;
    } else if (cp > unchecked(CASE_RANGES[at + 1])) {
      lo = mid + 1;
    } else {
      let delta = unchecked(CASE_RANGES[at + (upper ? 2 : 3)]);
      if (delta != ALT) return <u32>(cp + delta);
      let start = unchecked(CASE_RANGES[at]);
      return <u32>(start + ((cp - start) & ~1) + (upper ? 0 : 1));
    }
  }
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
