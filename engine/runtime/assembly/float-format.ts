// Shortest round-tripping decimal text for f64, formatted as Go's encoding/json and JavaScript
// do (plain notation for 1e-6 <= |f| < 1e21, else d.ddde±x), integral values without fraction.
// The exact decimal expansion comes from bigint arithmetic; the shortest correctly rounded
// prefix that parses back to the same f64 wins. Slow but exact, and floats are rare in policies.
import { alloc } from "./alloc";
import { bigFromI64, bigMul, bigPow5, bigShl, bigDigits, DIGITS_LEN } from "./bigint";
import { parseF64 } from "./float-parse";

// Exact digits (no leading zeros) and point position: value = 0.DIGITS x 10^POINT.
export let POINT: i32 = 0;

export function exactDigits(f: f64): usize {
  let bits = reinterpret<u64>(f);
  let biased = <i32>((bits >> 52) & 0x7ff);
  let mant = bits & 0xfffffffffffff;
  let e2 = biased == 0 ? -1074 : biased - 1075;
  if (biased != 0) mant |= 0x10000000000000;
  let n = bigFromI64(<i64>mant);
  if (e2 >= 0) {
    let d = bigDigits(bigShl(n, e2));
    POINT = DIGITS_LEN;
    return d;
  }
  // m * 2^e2 = m * 5^-e2 / 10^-e2
  let d = bigDigits(bigMul(n, bigPow5(-e2)));
  POINT = DIGITS_LEN + e2;
  return d;
}

// Rounds the exact digits to p significant digits (half to even, ties being exact) into out;
// returns the digit count after dropping trailing zeros. May bump POINT on carry.
export function roundTo(d: usize, n: i32, p: i32, out: usize): i32 {
  if (n <= p) {
    memory.copy(out, d, <usize>n);
    return trimZeros(out, n);
  }
  memory.copy(out, d, <usize>p);
  let next = load<u8>(d + p);
  let up = next > 0x35;
  if (next == 0x35) {
    let tail = false;
    for (let i = p + 1; i < n; i++) if (load<u8>(d + i) != 0x30) tail = true;
    up = tail || (load<u8>(out + p - 1) & 1) == 1;
  }
  if (up) {
    let i = p - 1;
    while (i >= 0 && load<u8>(out + i) == 0x39) store<u8>(out + i--, 0x30);
    if (i >= 0) {
      store<u8>(out + i, load<u8>(out + i) + 1);
    } else {
      store<u8>(out, 0x31);
      POINT++;
    }
  }
  return trimZeros(out, p);
}

function trimZeros(p: usize, n: i32): i32 {
  while (n > 1 && load<u8>(p + n - 1) == 0x30) n--;
  return n;
}

// Writes "0.DIGITSe<point>" to scratch and parses it.
function parsesBack(digits: usize, n: i32, point: i32, scratch: usize): f64 {
  store<u16>(scratch, 0x2e30); // "0."
  memory.copy(scratch + 2, digits, <usize>n);
  let q = scratch + 2 + n;
  store<u8>(q++, 0x65);
  let e = point;
  if (e < 0) {
    store<u8>(q++, 0x2d);
    e = -e;
  }
  let len = 0;
  let t = e;
  do { len++; t /= 10; } while (t);
  for (let i = len - 1; i >= 0; i--) {
    store<u8>(q + i, <u8>(0x30 + e % 10));
    e /= 10;
  }
  return parseF64(scratch, <i32>(q + len - scratch));
}

function zeros(out: usize, n: i32): void {
  if (n > 0) memory.fill(out, 0x30, <usize>n);
}

// Lays out digits d (n of them, value 0.d x 10^k) like JavaScript's Number#toString.
function layout(d: usize, n: i32, k: i32, out: usize): i32 {
  if (n <= k && k <= 21) {
    memory.copy(out, d, <usize>n);
    zeros(out + n, k - n);
    return k;
  }
  if (0 < k && k <= 21) {
    memory.copy(out, d, <usize>k);
    store<u8>(out + k, 0x2e);
    memory.copy(out + k + 1, d + k, <usize>(n - k));
    return n + 1;
  }
  if (-6 < k && k <= 0) {
    store<u16>(out, 0x2e30);
    zeros(out + 2, -k);
    memory.copy(out + 2 - k, d, <usize>n);
    return 2 - k + n;
  }
  let len = 1;
  store<u8>(out, load<u8>(d));
  if (n > 1) {
    store<u8>(out + 1, 0x2e);
    memory.copy(out + 2, d + 1, <usize>(n - 1));
    len = n + 1;
  }
  let e = k - 1;
  store<u8>(out + len++, 0x65);
  store<u8>(out + len++, e < 0 ? 0x2d : 0x2b);
  if (e < 0) e = -e;
  let w = e >= 100 ? 3 : e >= 10 ? 2 : 1;
  for (let i = w - 1; i >= 0; i--) {
    store<u8>(out + len + i, <u8>(0x30 + e % 10));
    e /= 10;
  }
  return len + w;
}

// Writes the text of a finite f to out (at least 32 bytes); returns the byte count.
export function formatF64(f: f64, out: usize): i32 {
  if (f == 0) {
    store<u8>(out, 0x30);
    return 1;
  }
  let neg = f < 0;
  if (neg) store<u8>(out, 0x2d);
  let a = Math.abs(f);
  let exact = exactDigits(a);
  let n = DIGITS_LEN;
  let k = POINT;
  let digits = alloc(24);
  let scratch = alloc(48);
  let m = 0;
  for (let p = 1; p <= 17; p++) {
    POINT = k;
    m = roundTo(exact, n, p, digits);
    if (parsesBack(digits, m, POINT, scratch) == a) break;
  }
  return (neg ? 1 : 0) + layout(digits, m, POINT, out + (neg ? 1 : 0));
}
