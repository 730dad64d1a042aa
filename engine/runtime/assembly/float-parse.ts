// Correctly rounded decimal text -> f64. Small inputs take the exact fast path (both operands
// exact doubles, one IEEE operation); the rest start from an estimate a few ulps off and are
// corrected ulp by ulp by comparing against the halfway points in exact bigint arithmetic.
import { alloc } from "./alloc";
import { bigCmpMag, bigFromI64, bigFromText, bigMul, bigPow5, bigShl } from "./bigint";

// Decimal significand digits (leading zeros dropped) and exponent: value = DIGITS x 10^EXP.
let DIGITS: usize = 0;
let NDIGITS: i32 = 0;
let EXP: i32 = 0;

function isDigit(c: u32): bool {
  return c - 0x30 <= 9;
}

function splitText(p: usize, n: i32): void {
  DIGITS = alloc(<usize>n);
  NDIGITS = 0;
  let frac = 0;
  let i = 0;
  let afterPoint = false;
  if (i < n && (load<u8>(p) == 0x2d || load<u8>(p) == 0x2b)) i++;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 0x2e) afterPoint = true;
    else if (!isDigit(c)) break;
    else {
      if (NDIGITS > 0 || c != 0x30) store<u8>(DIGITS + NDIGITS++, <u8>c);
      if (afterPoint) frac++;
    }
  }
  let e = 0;
  if (i < n) {
    i++;
    let neg = i < n && load<u8>(p + i) == 0x2d;
    if (i < n && (load<u8>(p + i) == 0x2d || load<u8>(p + i) == 0x2b)) i++;
    for (; i < n && e < 100000; i++) e = e * 10 + <i32>(load<u8>(p + i) - 0x30);
    if (neg) e = -e;
  }
  EXP = e - frac;
}

const POW10 = memory.data<f64>([1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]);

// Compares DIGITS x 10^EXP with b x 2^s exactly; returns -1, 0 or 1.
function cmpExact(d: usize, b: usize, s: i32): i32 {
  let lhs = d;
  let rhs = b;
  if (EXP >= 0) lhs = bigMul(lhs, bigPow5(EXP));
  else rhs = bigMul(rhs, bigPow5(-EXP));
  // Remaining factors: 2^EXP on the left, 2^s on the right.
  let t = min(EXP, s);
  if (EXP > t) lhs = bigShl(lhs, EXP - t);
  if (s > t) rhs = bigShl(rhs, s - t);
  return bigCmpMag(lhs, rhs);
}

// Moves x (positive) to the correctly rounded value of DIGITS x 10^EXP.
function refine(x: f64): f64 {
  let d = bigFromText(DIGITS, NDIGITS);
  for (let guard = 0; guard < 64 && isFinite(x); guard++) {
    let bits = reinterpret<u64>(x);
    let biased = <i32>(bits >> 52);
    let m = <i64>(bits & 0xfffffffffffff);
    if (biased != 0) m |= 0x10000000000000;
    let e2 = biased == 0 ? -1074 : biased - 1075;
    let hi = cmpExact(d, bigFromI64(2 * m + 1), e2 - 1);
    if (hi > 0 || (hi == 0 && (m & 1) == 1)) {
      x = reinterpret<f64>(bits + 1);
      continue;
    }
    if (m == 0) return x;
    // Just above a power of two the gap below is half as wide.
    let narrow = m == 0x10000000000000 && biased > 1;
    let lo = narrow ? cmpExact(d, bigFromI64(4 * m - 1), e2 - 2) : cmpExact(d, bigFromI64(2 * m - 1), e2 - 1);
    if (lo < 0 || (lo == 0 && (m & 1) == 1)) {
      x = reinterpret<f64>(bits - 1);
      continue;
    }
    return x;
  }
  return x;
}

// Within a few ulps: the leading 19 digits scaled by a power of ten, in two steps so that
// neither factor leaves the f64 range.
function estimate(): f64 {
  let n = min(NDIGITS, 19);
  let d: u64 = 0;
  for (let i = 0; i < n; i++) d = d * 10 + <u64>(load<u8>(DIGITS + i) - 0x30);
  let k = EXP + (NDIGITS - n);
  let x = <f64>d;
  if (k < -300) {
    x *= 1e-300;
    k += 300;
  } else if (k > 300) {
    x *= 1e300;
    k -= 300;
  }
  return x * Math.pow(10, <f64>k);
}

// Parses validated decimal number text (JSON or Go ParseFloat syntax without specials).
export function parseF64(p: usize, n: i32): f64 {
  let neg = n > 0 && load<u8>(p) == 0x2d;
  splitText(p, n);
  let x: f64 = 0;
  if (NDIGITS == 0) return neg ? -0.0 : 0.0;
  if (NDIGITS <= 15 && EXP >= -22 && EXP <= 22) {
    let d: f64 = 0;
    for (let i = 0; i < NDIGITS; i++) d = d * 10 + <f64>(load<u8>(DIGITS + i) - 0x30);
    x = EXP >= 0 ? d * load<f64>(POW10 + (<usize>EXP << 3)) : d / load<f64>(POW10 + (<usize>(-EXP) << 3));
  } else if (NDIGITS + EXP > 310) {
    x = Infinity;
  } else if (NDIGITS + EXP < -330) {
    x = 0;
  } else {
    x = refine(estimate());
  }
  return neg ? -x : x;
}
