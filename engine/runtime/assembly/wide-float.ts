// Non-integer arithmetic as OPA does it: a binary float with a 64-bit mantissa and an unbounded
// exponent (Go's big.Float at its default precision), rounded to nearest even after every
// operation. Decimal text parses to the nearest such value. OPA writes every result as text
// and reads it back for the next operation; the shortest text reads back as the same value,
// so results stay binary (number.ts's wide numbers) until their text is needed.
// The value in flight is W_NEG, W_MANT (top bit set, or 0 for zero) and W_EXP: mant x 2^exp.
import { alloc } from "./alloc";
import { SCAN_NEG, SCAN_POINT, scanDecimal } from "./decimal-compare";
import { U_HI, U_LO, U_REM, div128, mul64, shl128 } from "./u128";
import { bigAdd, bigBitLen, bigCmpShifted, bigFromText, bigFromU64, bigIsZero, bigMul, bigPow5, bigQuoU64, bigShl, bigSub } from "./bigint";

export let W_NEG = false;
export let W_MANT: u64 = 0;
export let W_EXP: i32 = 0;

// Decimal exponents beyond this make text unusable for arithmetic (the bigints would be huge);
// such numbers still compare and print exactly, only arithmetic on them is undefined.
const MAX_DEC_EXP = 4000;

// Loads a value as it is (a normalized mantissa or zero).
export function setWideRegisters(neg: bool, m: u64, e: i32): void {
  W_NEG = neg;
  W_MANT = m;
  W_EXP = e;
}

function setWide(neg: bool, m: u64, e: i32): void {
  W_NEG = neg;
  if (m == 0) {
    W_MANT = 0;
    W_EXP = 0;
    return;
  }
  let z = <i32>clz(m);
  W_MANT = m << z;
  W_EXP = e - z;
}

// Rounds (hi:lo) x 2^exp, not zero, to 64 bits (half to even) into the W_ registers.
function roundU128(neg: bool, hi: u64, lo: u64, exp: i32): void {
  let z = hi ? <i32>clz(hi) : 64 + <i32>clz(lo);
  shl128(hi, lo, z);
  let m = U_HI;
  let rest = U_LO;
  let e = exp - z + 64;
  if ((rest >> 63) != 0 && ((rest << 1) != 0 || (m & 1) != 0)) {
    m++;
    if (m == 0) {
      m = <u64>1 << 63;
      e++;
    }
  }
  setWide(neg, m, e);
}

// Rounds n / d x 2^exp (both nonzero) to 64 bits into the W_ registers.
function roundDiv(neg: bool, n: u64, d: u64, exp: i32): void {
  let zn = <i32>clz(n);
  let zd = <i32>clz(d);
  n <<= <u64>zn;
  d <<= <u64>zd;
  exp += zd - zn;
  // n/d in [1, 2) takes 63 more bits, in (1/2, 1) 64, for a quotient in [2^63, 2^64).
  let q = n >= d ? div128(n >> 1, n << 63, d) : div128(n, 0, d);
  let s = n >= d ? 63 : 64;
  let r = U_REM;
  let other = d - r; // r < d
  if (r > other || (r == other && (q & 1) != 0)) {
    q++;
    if (q == 0) {
      setWide(neg, <u64>1 << 63, exp - s + 1);
      return;
    }
  }
  setWide(neg, q, exp - s);
}

// Rounds |num| / |den| x 2^exp to 64 bits (half to even) into the W_ registers.
export function roundQuotient(neg: bool, num: usize, den: usize, exp: i32): void {
  if (bigIsZero(num)) {
    setWide(neg, 0, 0);
    return;
  }
  let s = 63 - (bigBitLen(num) - bigBitLen(den));
  let n = s >= 0 ? bigShl(num, s) : bigShl(num, 0);
  let d = s >= 0 ? den : bigShl(den, -s);
  if (bigCmpShifted(n, d, 63) < 0) {
    // The quotient has 63 bits: one more shift gives the 64th.
    s++;
    n = bigShl(n, 1);
  }
  let q = bigQuoU64(n, d);
  let half = bigCmpShifted(d, n, 1); // den vs 2 x remainder
  if (half < 0 || (half == 0 && (q & 1) != 0)) {
    q++;
    if (q == 0) {
      setWide(neg, <u64>1 << 63, exp - s + 1);
      return;
    }
  }
  setWide(neg, q, exp - s);
}

export function wideFromI64(i: i64): void {
  setWide(i < 0, i < 0 ? <u64>(-i) : <u64>i, 0);
}

// Decimal number text (JSON or Rego syntax) to the nearest value; false when its exponent is
// out of the supported range.
export function wideFromText(p: usize, n: i32): bool {
  let digits = alloc(<usize>n);
  let nd = scanDecimal(p, n, digits);
  let neg = SCAN_NEG;
  if (nd == 0) {
    setWide(neg, 0, 0);
    return true;
  }
  if (SCAN_POINT > MAX_DEC_EXP || SCAN_POINT < -MAX_DEC_EXP) return false;
  let e10 = SCAN_POINT - nd;
  if (nd <= 19 && e10 >= -27 && e10 <= 27) {
    // Fast path: the digits fit u64 and 5^|e10| fits u64 too.
    let v: u64 = 0;
    for (let j = 0; j < nd; j++) v = v * 10 + <u64>(load<u8>(digits + j) - 0x30);
    let k = <i32>e10;
    let p5: u64 = 1;
    for (let j = 0; j < (k < 0 ? -k : k); j++) p5 *= 5;
    if (k >= 0) {
      mul64(v, p5);
      roundU128(neg, U_HI, U_LO, k);
    } else {
      roundDiv(neg, v, p5, k);
    }
    return true;
  }
  let d = bigFromText(digits, nd);
  let k = <i32>e10;
  if (k >= 0) roundQuotient(neg, bigMul(d, bigPow5(k)), bigFromU64(1, 1), k);
  else roundQuotient(neg, d, bigPow5(-k), k);
  return true;
}

export const W_ADD = 0;
export const W_SUB = 1;
export const W_MUL = 2;
export const W_QUO = 3;

function addWide(na: bool, ma: u64, ea: i32, nb: bool, mb: u64, eb: i32): void {
  if (mb == 0) {
    if (ma == 0) setWide(na && nb, 0, 0);
    else setWide(na, ma, ea);
    return;
  }
  if (ma == 0) {
    setWide(nb, mb, eb);
    return;
  }
  if (ea - eb > 65 || eb - ea > 65) {
    // The smaller operand is below a quarter of the larger one's last bit: the larger wins.
    if (ea > eb) setWide(na, ma, ea);
    else setWide(nb, mb, eb);
    return;
  }
  if (ea - eb <= 63 && eb - ea <= 63) {
    addFast(na, ma, ea, nb, mb, eb);
    return;
  }
  let e = min(ea, eb);
  let a = bigShl(bigFromU64(ma, 1), ea - e);
  let b = bigShl(bigFromU64(mb, 1), eb - e);
  let c = bigCmpShifted(a, b, 0);
  let one = bigFromU64(1, 1);
  if (na == nb) roundQuotient(na, bigAdd(a, b), one, e);
  else if (c == 0) setWide(false, 0, 0); // exact cancellation is +0, as in IEEE round to nearest
  else if (c > 0) roundQuotient(na, bigSub(a, b), one, e);
  else roundQuotient(nb, bigSub(b, a), one, e);
}

// a + b for mantissas at most 63 bits apart, in 128-bit arithmetic.
function addFast(na: bool, ma: u64, ea: i32, nb: bool, mb: u64, eb: i32): void {
  if (ea < eb) {
    addFast(nb, mb, eb, na, ma, ea);
    return;
  }
  shl128(0, ma, ea - eb);
  let ahi = U_HI;
  let alo = U_LO;
  if (na == nb) {
    let lo = alo + mb;
    let hi = ahi + (lo < alo ? 1 : 0);
    roundU128(na, hi, lo, eb);
    return;
  }
  if (ahi == 0 && alo == mb) {
    setWide(false, 0, 0); // exact cancellation is +0, as in IEEE round to nearest
    return;
  }
  if (ahi != 0 || alo > mb) {
    roundU128(na, ahi - (alo < mb ? 1 : 0), alo - mb, eb);
    return;
  }
  roundU128(nb, 0, mb - alo, eb);
}

// Sets the W_ registers to a op b; false for division by zero.
export function wideOp(op: i32, na: bool, ma: u64, ea: i32, nb: bool, mb: u64, eb: i32): bool {
  if (op == W_ADD) addWide(na, ma, ea, nb, mb, eb);
  else if (op == W_SUB) addWide(na, ma, ea, !nb, mb, eb);
  else if (op == W_MUL) {
    if (ma == 0 || mb == 0) setWide(na != nb, 0, 0);
    else {
      mul64(ma, mb);
      roundU128(na != nb, U_HI, U_LO, ea + eb);
    }
  } else {
    if (mb == 0) return false;
    if (ma == 0) setWide(na != nb, 0, 0);
    else roundDiv(na != nb, ma, mb, ea - eb);
  }
  return true;
}

// True when the value in the W_ registers is an integer.
export function wideIsIntegral(): bool {
  if (W_MANT == 0 || W_EXP >= 0) return true;
  if (W_EXP <= -64) return false;
  return (W_MANT << <u64>(64 + W_EXP)) == 0;
}
