// Arbitrary-precision integers for the results that overflow i64 (plus, minus, mul, abs,
// shifts). Layout: sign i32 at +0 (-1, 0, 1), limb count at +4, base-2^32 little-endian limbs
// from +8. Values come back as i64 numbers when they fit, else as decimal number text.
import { alloc } from "./alloc";
import { K_BIG, K_INT, numClass, numI64, opa_number_int, opa_number_ref, textLen, textPtr } from "./number";

export function newBig(limbs: i32): usize {
  let b = alloc(8 + (<usize>limbs << 2));
  memory.fill(b + 8, 0, <usize>limbs << 2);
  store<i32>(b, 0);
  store<i32>(b, limbs, 4);
  return b;
}

@inline export function sign(b: usize): i32 { return load<i32>(b); }
@inline export function size(b: usize): i32 { return load<i32>(b, 4); }
@inline export function limb(b: usize, i: i32): u64 { return <u32>i < <u32>size(b) ? <u64>load<u32>(b + 8 + (<usize>i << 2)) : 0; }
@inline export function setLimb(b: usize, i: i32, x: u64): void { store<u32>(b + 8 + (<usize>i << 2), <u32>x); }

// Drops leading zero limbs and fixes the sign of zero.
export function trim(b: usize, s: i32): usize {
  let n = size(b);
  while (n > 0 && limb(b, n - 1) == 0) n--;
  store<i32>(b, n, 4);
  store<i32>(b, n ? s : 0);
  return b;
}

export function bigFromI64(i: i64): usize {
  return bigFromU64(i < 0 ? <u64>(-i) : <u64>i, i < 0 ? -1 : 1); // i64.MIN_VALUE wraps to the right magnitude
}

export function bigFromU64(m: u64, s: i32): usize {
  let b = newBig(2);
  setLimb(b, 0, m & 0xffffffff);
  setLimb(b, 1, m >> 32);
  return trim(b, s);
}

// Decimal text with an optional leading '-'.
export function bigFromText(p: usize, n: i32): usize {
  let neg = load<u8>(p) == 0x2d;
  let b = newBig(n / 9 + 2);
  store<i32>(b, 0, 4);
  for (let i = neg ? 1 : 0; i < n; i++) {
    let carry = <u64>(load<u8>(p + i) - 0x30);
    let k = size(b);
    for (let j = 0; j < k; j++) {
      let x = limb(b, j) * 10 + carry;
      setLimb(b, j, x & 0xffffffff);
      carry = x >> 32;
    }
    if (carry) {
      setLimb(b, k, carry);
      store<i32>(b, k + 1, 4);
    }
  }
  return trim(b, neg ? -1 : 1);
}

// Integral number value to bigint; 0 when the value is not an exact integer.
export function bigOf(v: usize): usize {
  let k = numClass(v);
  if (k == K_INT) return bigFromI64(numI64(v));
  if (k == K_BIG) return bigFromText(textPtr(v), textLen(v));
  return 0;
}

function fitsI64(b: usize): bool {
  if (size(b) <= 1) return true;
  if (size(b) > 2) return false;
  let m = (limb(b, 1) << 32) | limb(b, 0);
  return sign(b) < 0 ? m <= 0x8000000000000000 : m < 0x8000000000000000;
}

// Decimal digits of |b| (no sign); the count goes to DIGITS_LEN.
export let DIGITS_LEN: i32 = 0;
export function bigDigits(b: usize): usize {
  let work = newBig(size(b));
  memory.copy(work + 8, b + 8, <usize>size(b) << 2);
  let cap = size(b) * 10 + 1;
  let out = alloc(<usize>cap);
  let p = cap;
  let n = size(b);
  while (n > 0) {
    let rem: u64 = 0;
    for (let j = n - 1; j >= 0; j--) {
      let x = (rem << 32) | limb(work, j);
      setLimb(work, j, x / 1000000000);
      rem = x % 1000000000;
    }
    while (n > 0 && limb(work, n - 1) == 0) n--;
    for (let d = 0; d < 9 && (n > 0 || rem > 0); d++) {
      store<u8>(out + --p, <u8>(0x30 + rem % 10));
      rem /= 10;
    }
  }
  if (p == cap) store<u8>(out + --p, 0x30);
  DIGITS_LEN = cap - p;
  return out + p;
}

function toText(b: usize): usize {
  let digits = bigDigits(b);
  let n = DIGITS_LEN;
  if (sign(b) > 0) return opa_number_ref(digits, n);
  let out = alloc(<usize>n + 1);
  store<u8>(out, 0x2d);
  memory.copy(out + 1, digits, <usize>n);
  return opa_number_ref(out, n + 1);
}

export function bigToValue(b: usize): usize {
  if (!fitsI64(b)) return toText(b);
  let m = (limb(b, 1) << 32) | limb(b, 0);
  return opa_number_int(sign(b) < 0 ? -(<i64>m) : <i64>m);
}

export function bigCmpMag(a: usize, b: usize): i32 {
  let n = max(size(a), size(b));
  for (let i = n - 1; i >= 0; i--) {
    let x = limb(a, i);
    let y = limb(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

function addMag(a: usize, b: usize, s: i32): usize {
  let n = max(size(a), size(b)) + 1;
  let r = newBig(n);
  let carry: u64 = 0;
  for (let i = 0; i < n; i++) {
    let x = limb(a, i) + limb(b, i) + carry;
    setLimb(r, i, x & 0xffffffff);
    carry = x >> 32;
  }
  return trim(r, s);
}

// |a| - |b| where |a| >= |b|.
function subMag(a: usize, b: usize, s: i32): usize {
  let n = size(a);
  let r = newBig(n);
  let borrow: i64 = 0;
  for (let i = 0; i < n; i++) {
    let x = <i64>limb(a, i) - <i64>limb(b, i) - borrow;
    borrow = x < 0 ? 1 : 0;
    setLimb(r, i, <u64>(x + (borrow << 32)));
  }
  return trim(r, s);
}

export function bigAdd(a: usize, b: usize): usize {
  if (sign(a) == 0) return b;
  if (sign(b) == 0) return a;
  if (sign(a) == sign(b)) return addMag(a, b, sign(a));
  return bigCmpMag(a, b) >= 0 ? subMag(a, b, sign(a)) : subMag(b, a, sign(b));
}

export function bigNeg(a: usize): usize {
  let r = newBig(size(a));
  memory.copy(r + 8, a + 8, <usize>size(a) << 2);
  return trim(r, -sign(a));
}

export function bigSub(a: usize, b: usize): usize {
  return bigAdd(a, bigNeg(b));
}

export function bigMul(a: usize, b: usize): usize {
  let na = size(a);
  let nb = size(b);
  let r = newBig(na + nb);
  for (let i = 0; i < na; i++) {
    let carry: u64 = 0;
    let x = limb(a, i);
    for (let j = 0; j < nb; j++) {
      let t = x * limb(b, j) + limb(r, i + j) + carry;
      setLimb(r, i + j, t & 0xffffffff);
      carry = t >> 32;
    }
    setLimb(r, i + nb, carry);
  }
  return trim(r, sign(a) * sign(b));
}

export function bigAbs(a: usize): usize {
  return sign(a) < 0 ? bigNeg(a) : a;
}

export function bigShl(a: usize, bits: i32): usize {
  let words = bits >> 5;
  let rest = bits & 31;
  let n = size(a) + words + 1;
  let r = newBig(n);
  for (let i = 0; i < size(a); i++) {
    let x = limb(a, i) << rest;
    setLimb(r, i + words, limb(r, i + words) | (x & 0xffffffff));
    setLimb(r, i + words + 1, x >> 32);
  }
  return trim(r, sign(a));
}

export function bigPow5(k: i32): usize {
  let r = bigFromI64(1);
  let chunk = bigFromI64(1220703125); // 5^13
  for (; k >= 13; k -= 13) r = bigMul(r, chunk);
  let rest: i64 = 1;
  for (; k > 0; k--) rest *= 5;
  return bigMul(r, bigFromI64(rest));
}

export function bigBitLen(a: usize): i32 {
  let n = size(a);
  return n ? (n << 5) - <i32>clz(<u32>limb(a, n - 1)) : 0;
}

// Limb i of |b| << s.
function shiftedLimb(b: usize, s: i32, i: i32): u64 {
  let j = i - (s >> 5);
  let r = s & 31;
  if (!r) return limb(b, j);
  return ((limb(b, j) << r) | (limb(b, j - 1) >> (32 - r))) & 0xffffffff;
}

// Compares |a| with |b| << s.
export function bigCmpShifted(a: usize, b: usize, s: i32): i32 {
  let n = max(size(a), size(b) + (s >> 5) + 1);
  for (let i = n - 1; i >= 0; i--) {
    let x = limb(a, i);
    let y = shiftedLimb(b, s, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

// |a| -= |b| << s in place, where |a| >= |b| << s.
function subShiftedInPlace(a: usize, b: usize, s: i32): void {
  let borrow: i64 = 0;
  for (let i = 0; i < size(a); i++) {
    let x = <i64>limb(a, i) - <i64>shiftedLimb(b, s, i) - borrow;
    borrow = x < 0 ? 1 : 0;
    setLimb(a, i, <u64>(x + (borrow << 32)));
  }
  trim(a, sign(a));
}

// floor(|num| / |den|), which the caller knows to be below 2^64. num is overwritten with the
// remainder, so it must be a bigint the caller owns.
export function bigQuoU64(num: usize, den: usize): u64 {
  let q: u64 = 0;
  for (let i = 63; i >= 0; i--) {
    if (bigCmpShifted(num, den, i) >= 0) {
      subShiftedInPlace(num, den, i);
      q |= (<u64>1) << i;
    }
  }
  return q;
}

export function bigIsZero(a: usize): bool {
  return size(a) == 0;
}
