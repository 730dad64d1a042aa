// The text OPA gives a big.Float result: the shortest decimal that reads back as the same
// 64-bit-mantissa value, in Go's %g layout (d.ddde±dd below 1e-4 and from 1e6 on) for
// non-integers and in plain digits for integers. Exact integers up to 2^64 keep all digits.
import { alloc } from "./alloc";
import { bigAdd, bigDigits, bigFromU64, bigMul, bigPow5, bigShl, bigSub, DIGITS_LEN } from "./bigint";
import { numberFromText, opa_number_ref } from "./number";
import { bigToValue } from "./bigint";
import { W_EXP, W_MANT, W_NEG, wideIsIntegral } from "./wide-float";

// Shortest digits (no leading or trailing zeros) and their point: value = 0.DIGITS x 10^SHORT_POINT.
let SHORT_LEN: i32 = 0;
let SHORT_POINT: i32 = 0;

// Digits of |b| left-padded with zeros to n.
function padded(b: usize, n: i32): usize {
  let d = bigDigits(b);
  let k = DIGITS_LEN;
  if (k == n) return d;
  let out = alloc(<usize>n);
  memory.fill(out, 0x30, <usize>(n - k));
  memory.copy(out + n - k, d, <usize>k);
  return out;
}

function allZero(d: usize, from: i32, n: i32): bool {
  for (let i = from; i < n; i++) if (load<u8>(d + i) != 0x30) return false;
  return true;
}

// Compares the first p digits of x (plus one in the last place when bump) with those of y.
function cmpPrefix(x: usize, y: usize, p: i32, bump: bool, scratch: usize): i32 {
  memory.copy(scratch, x, <usize>p);
  if (bump) {
    let i = p - 1;
    while (i >= 0 && load<u8>(scratch + i) == 0x39) store<u8>(scratch + i--, 0x30);
    if (i < 0) return 1; // carried out past y's width
    store<u8>(scratch + i, load<u8>(scratch + i) + 1);
  }
  for (let i = 0; i < p; i++) {
    let c = <i32>load<u8>(scratch + i) - <i32>load<u8>(y + i);
    if (c != 0) return c;
  }
  return 0;
}

// Whether the digits of x from p on are more than half a unit of digit p-1 (ties to even).
function aboveHalf(x: usize, p: i32, n: i32): bool {
  let c = <i32>load<u8>(x + p) - 0x35;
  if (c != 0) return c > 0;
  return !allZero(x, p + 1, n) || (load<u8>(x + p - 1) & 1) != 0;
}

// Shortest digits of W_MANT x 2^W_EXP, chosen within the half-ulp interval (inclusive when the
// mantissa is even, as round-half-even reads the bounds back to it). Returns the digits.
function shortest(): usize {
  let e = W_EXP - 1;
  let j = e < 0 ? -e : 0; // all three scaled by 10^j to integers
  let twice = bigShl(bigFromU64(W_MANT, 1), 1);
  let one = bigFromU64(1, 1);
  let lo = bigSub(twice, one);
  let hi = bigAdd(twice, one);
  let scale = e < 0 ? bigPow5(j) : 0;
  if (e < 0) {
    twice = bigMul(twice, scale);
    lo = bigMul(lo, scale);
    hi = bigMul(hi, scale);
  } else {
    twice = bigShl(twice, e);
    lo = bigShl(lo, e);
    hi = bigShl(hi, e);
  }
  let hd = bigDigits(hi);
  let n = DIGITS_LEN;
  let xd = padded(twice, n);
  let ld = padded(lo, n);
  let inclusive = (W_MANT & 1) == 0;
  let scratch = alloc(<usize>n);
  let out = alloc(<usize>n + 1);
  for (let p = 1; p <= n; p++) {
    let down = cmpPrefix(xd, ld, p, false, scratch);
    let okDown = down > 0 || (down == 0 && inclusive && allZero(ld, p, n));
    let up = cmpPrefix(xd, hd, p, true, scratch);
    let okUp = up < 0 || (up == 0 && (inclusive || !allZero(hd, p, n)));
    if (!okDown && !okUp) continue;
    let roundUp = okUp;
    if (okDown && okUp) roundUp = p < n && aboveHalf(xd, p, n);
    return digitsOf(xd, p, n, j, roundUp, out);
  }
  return digitsOf(xd, n, n, j, false, out);
}

// The first p digits of xd (bumped by one in the last place when up), without the padding
// zeros in front and the zeros behind; sets SHORT_LEN and SHORT_POINT.
function digitsOf(xd: usize, p: i32, n: i32, j: i32, up: bool, out: usize): usize {
  store<u8>(out, 0x30);
  memory.copy(out + 1, xd, <usize>p);
  if (up) {
    let i = p;
    while (load<u8>(out + i) == 0x39) store<u8>(out + i--, 0x30);
    store<u8>(out + i, load<u8>(out + i) + 1);
  }
  let start = 0;
  while (start < p && load<u8>(out + start) == 0x30) start++;
  let end = p + 1;
  while (end > start + 1 && load<u8>(out + end - 1) == 0x30) end--;
  SHORT_LEN = end - start;
  // out[0..p] holds the integer (prefix) x 10^(n-p); the value is that x 10^-j.
  SHORT_POINT = (p + 1 - start) + (n - p) - j;
  return out + start;
}

function putDigits(out: usize, d: usize, from: i32, to: i32): i32 {
  if (to > from) memory.copy(out, d + from, <usize>(to - from));
  return max(to - from, 0);
}

// Go's %e: d.ddde±dd (at least two exponent digits).
function layoutE(d: usize, n: i32, point: i32, out: usize): i32 {
  let len = putDigits(out, d, 0, 1);
  if (n > 1) {
    store<u8>(out + len++, 0x2e);
    len += putDigits(out + len, d, 1, n);
  }
  let e = point - 1;
  store<u8>(out + len++, 0x65);
  store<u8>(out + len++, e < 0 ? 0x2d : 0x2b);
  if (e < 0) e = -e;
  let w = e >= 1000000000 ? 10 : e >= 100000000 ? 9 : e >= 10000000 ? 8 : e >= 1000000 ? 7 : e >= 100000 ? 6 : e >= 10000 ? 5 : e >= 1000 ? 4 : e >= 100 ? 3 : 2;
  for (let i = w - 1; i >= 0; i--) {
    store<u8>(out + len + i, <u8>(0x30 + e % 10));
    e /= 10;
  }
  return len + w;
}

// Go's %f with exactly the digits given (zeros filled in up to the point).
function layoutF(d: usize, n: i32, point: i32, out: usize): i32 {
  if (point <= 0) {
    store<u16>(out, 0x2e30); // "0."
    memory.fill(out + 2, 0x30, <usize>(-point));
    memory.copy(out + 2 - point, d, <usize>n);
    return 2 - point + n;
  }
  let len = putDigits(out, d, 0, min(n, point));
  if (point > n) {
    memory.fill(out + len, 0x30, <usize>(point - n));
    return point;
  }
  if (n > point) {
    store<u8>(out + len++, 0x2e);
    len += putDigits(out + len, d, point, n);
  }
  return len;
}

// The number value of the W_ registers as OPA writes a big.Float result.
export function numberFromWide(): usize {
  if (W_MANT == 0) return W_NEG ? numberText(NEG_ZERO, 2) : numberFromText(ZERO, 1);
  if (wideIsIntegral() && W_EXP <= 0) {
    let m = W_EXP <= -64 ? 0 : W_MANT >> <u64>(-W_EXP);
    return bigToValue(bigFromU64(m, W_NEG ? -1 : 1));
  }
  let d = shortest();
  let n = SHORT_LEN;
  let point = SHORT_POINT;
  let integral = wideIsIntegral();
  let cap = max(n, abs(point)) + 16;
  let out = alloc(<usize>cap);
  let len = 0;
  if (W_NEG) store<u8>(out, 0x2d);
  let body = out + (W_NEG ? 1 : 0);
  let e = point - 1;
  if (integral || (e >= -4 && e < 6)) len = layoutF(d, n, point, body);
  else len = layoutE(d, n, point, body);
  len += W_NEG ? 1 : 0;
  return integral ? numberFromText(out, len) : numberText(out, len);
}

const ZERO = memory.data<u8>([0x30]);
const NEG_ZERO = memory.data<u8>([0x2d, 0x30]);

function numberText(p: usize, n: i32): usize {
  return opa_number_ref(p, n);
}
