// Exact order of numbers written as decimal text, as OPA compares numbers (by their rational
// value): 1.0 == 1, 0.30 == 0.3, and 0.1 + 0.2, which OPA writes as 0.3, equals 0.3.
import { alloc } from "./alloc";

// Significant digits (no leading or trailing zeros) of the last scan; value = 0.DIGITS x 10^point.
export let SCAN_NEG = false;
export let SCAN_POINT: i64 = 0;

const BUF_A = memory.data(64);
const BUF_B = memory.data(64);

// Writes the significant digits of number text p[0..n) to buf (n bytes at least); returns
// their count (0 for zero) and sets SCAN_NEG and SCAN_POINT.
export function scanDecimal(p: usize, n: i32, buf: usize): i32 {
  let i = 0;
  SCAN_NEG = n > 0 && load<u8>(p) == 0x2d;
  if (SCAN_NEG) i++;
  let nd = 0;
  let intDigits: i64 = 0; // digits before the point, counted from the first significant one
  let leadingFrac: i64 = 0; // zeros after the point before the first significant digit
  let point = false;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 0x2e) {
      point = true;
      continue;
    }
    if (c - 0x30 > 9) break;
    if (nd == 0 && c == 0x30) {
      if (point) leadingFrac++;
      continue;
    }
    store<u8>(buf + nd++, <u8>c);
    if (!point) intDigits++;
  }
  let e: i64 = 0;
  if (i < n) {
    i++;
    let neg = i < n && load<u8>(p + i) == 0x2d;
    if (i < n && (load<u8>(p + i) == 0x2d || load<u8>(p + i) == 0x2b)) i++;
    for (; i < n; i++) if (e < 1000000000000) e = e * 10 + <i64>(load<u8>(p + i) - 0x30);
    if (neg) e = -e;
  }
  while (nd > 0 && load<u8>(buf + nd - 1) == 0x30) nd--;
  SCAN_POINT = (intDigits > 0 ? intDigits : -leadingFrac) + e;
  return nd;
}

function bufFor(n: i32, fixed: usize): usize {
  return n <= 64 ? fixed : alloc(<usize>n);
}

// -1, 0 or 1 as the decimal value of text a compares with that of text b.
export function cmpDecimalText(pa: usize, la: i32, pb: usize, lb: i32): i32 {
  let da = bufFor(la, BUF_A);
  let na = scanDecimal(pa, la, da);
  let negA = SCAN_NEG;
  let kA = SCAN_POINT;
  let db = bufFor(lb, BUF_B);
  let nb = scanDecimal(pb, lb, db);
  let negB = SCAN_NEG;
  let kB = SCAN_POINT;
  let sa = na == 0 ? 0 : negA ? -1 : 1;
  let sb = nb == 0 ? 0 : negB ? -1 : 1;
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  if (kA != kB) return kA < kB ? -sa : sa;
  let m = min(na, nb);
  for (let i = 0; i < m; i++) {
    let c = <i32>load<u8>(da + i) - <i32>load<u8>(db + i);
    if (c != 0) return c < 0 ? -sa : sa;
  }
  if (na == nb) return 0;
  return na < nb ? -sa : sa;
}
