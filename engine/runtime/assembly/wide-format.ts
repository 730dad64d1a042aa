// The text OPA gives a big.Float result: the shortest decimal that reads back as the same
// 64-bit-mantissa value, in Go's %g layout (d.ddde±dd below 1e-4 and from 1e6 on) for
// non-integers and in plain digits for integers. Exact integers up to 2^64 keep all digits.
import { alloc } from "./alloc";
import { bigAdd, bigDigits, bigFromU64, bigMul, bigPow5, bigShl, bigSub, bigToValue, DIGITS_LEN } from "./bigint";
import { newWideNumber, numberFromText, opa_number_ref } from "./number";
import { W_EXP, W_MANT, W_NEG, setWideRegisters, wideIsIntegral } from "./wide-float";

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

// Index of the last digit that is not 0, or -1.
function lastNonZero(d: usize, n: i32): i32 {
  let i = n - 1;
  while (i >= 0 && load<u8>(d + i) == 0x30) i--;
  return i;
}

// Index of the first digit where x and y differ, or n.
function firstDiff(x: usize, y: usize, n: i32): i32 {
  let i = 0;
  while (i < n && load<u8>(x + i) == load<u8>(y + i)) i++;
  return i;
}

// Shortest digits of W_MANT x 2^W_EXP, chosen within the half-ulp interval (inclusive when the
// mantissa is even, as round-half-even reads the bounds back to it); among two candidates of
// the same length, the nearer. With h the half ulp scaled to an integer (5^j for a value
// scaled by 10^j, else 2^e), the value is 2m x h and the bounds are that -/+ h.
function shortest(): usize {
  let e = W_EXP - 1;
  let j = e < 0 ? -e : 0;
  let h = e < 0 ? bigPow5(j) : bigShl(bigFromU64(1, 1), e);
  let x = bigMul(bigShl(bigFromU64(W_MANT, 1), 1), h);
  let hd = bigDigits(bigAdd(x, h));
  let n = DIGITS_LEN;
  let xd = padded(x, n);
  let ld = padded(bigSub(x, h), n);
  let inclusive = (W_MANT & 1) == 0;
  let iL = firstDiff(xd, ld, n);
  let iU = firstDiff(xd, hd, n);
  let lastL = lastNonZero(ld, n);
  let lastU = lastNonZero(hd, n);
  let lastX = lastNonZero(xd, n);
  // Past iU, the prefix of x plus one equals that of the upper bound exactly while x continues
  // with 9s and the bound with 0s after a digit one higher.
  let bumpMeets = iU < n && load<u8>(hd + iU) == load<u8>(xd + iU) + 1;
  let out = alloc(<usize>n + 1);
  for (let p = 1; p <= n; p++) {
    if (p > iU + 1 && bumpMeets) bumpMeets = load<u8>(xd + p - 1) == 0x39 && load<u8>(hd + p - 1) == 0x30;
    let okDown = p > iL || (inclusive && lastL < p);
    let okUp = p > iU && (!bumpMeets || inclusive || lastU >= p);
    if (!okDown && !okUp) continue;
    let roundUp = okUp;
    if (okDown && okUp) roundUp = p < n && aboveHalf(xd, p, lastX);
    return digitsOf(xd, p, n, j, roundUp, out);
  }
  return digitsOf(xd, n, n, j, false, out);
}

// Whether the digits of x from p on are more than half a unit of digit p-1 (ties to even);
// lastX is the index of x's last nonzero digit.
function aboveHalf(x: usize, p: i32, lastX: i32): bool {
  let c = <i32>load<u8>(x + p) - 0x35;
  if (c != 0) return c > 0;
  return lastX > p || (load<u8>(x + p - 1) & 1) != 0;
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

export let WIDE_TEXT_LEN: i32 = 0;

// The text OPA writes for a non-integer neg/mant/exp (to WIDE_TEXT_LEN). The W_ registers are
// left as they were: text can be asked for in the middle of an operation.
export function wideText(neg: bool, mant: u64, exp: i32): usize {
  let sn = W_NEG;
  let sm = W_MANT;
  let se = W_EXP;
  setWideRegisters(neg, mant, exp);
  let p = layout(false);
  setWideRegisters(sn, sm, se);
  return p;
}

// Lays out the shortest digits of the W_ registers (integers in full, others in %g).
function layout(integral: bool): usize {
  let d = shortest();
  let n = SHORT_LEN;
  let point = SHORT_POINT;
  let out = alloc(<usize>(max(n, abs(point)) + 16));
  if (W_NEG) store<u8>(out, 0x2d);
  let body = out + (W_NEG ? 1 : 0);
  let e = point - 1;
  let len = integral || (e >= -4 && e < 6) ? layoutF(d, n, point, body) : layoutE(d, n, point, body);
  WIDE_TEXT_LEN = len + (W_NEG ? 1 : 0);
  return out;
}

// The number value of the W_ registers as OPA writes a big.Float result: integers exactly up to
// 2^64 and in shortest digits beyond, -0 as text, other values wide.
export function numberFromWide(): usize {
  if (W_MANT == 0) return W_NEG ? opa_number_ref(NEG_ZERO, 2) : numberFromText(ZERO, 1);
  if (!wideIsIntegral()) return newWideNumber(W_NEG, W_MANT, W_EXP);
  if (W_EXP <= 0) return bigToValue(bigFromU64(W_MANT >> <u64>(-W_EXP), W_NEG ? -1 : 1));
  let p = layout(true);
  return numberFromText(p, WIDE_TEXT_LEN);
}

const ZERO = memory.data<u8>([0x30]);
const NEG_ZERO = memory.data<u8>([0x2d, 0x30]);
