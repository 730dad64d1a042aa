// Non-integer arithmetic as OPA does it: a binary float with a 64-bit mantissa and an unbounded
// exponent (Go's big.Float at its default precision), rounded to nearest even after every
// operation. Decimal text parses to the nearest such value; results go back to text
// (wide-format.ts), so the 64-bit value never outlives one operation.
// The value in flight is W_NEG, W_MANT (top bit set, or 0 for zero) and W_EXP: mant x 2^exp.
import { alloc } from "./alloc";
import { bigAdd, bigBitLen, bigCmpShifted, bigFromText, bigFromU64, bigIsZero, bigMul, bigPow5, bigQuoU64, bigShl, bigSub } from "./bigint";

export let W_NEG = false;
export let W_MANT: u64 = 0;
export let W_EXP: i32 = 0;

// Decimal exponents beyond this make text unusable for arithmetic (the bigints would be huge);
// such numbers still compare and print exactly, only arithmetic on them is undefined.
const MAX_DEC_EXP = 4000;

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
  let neg = n > 0 && load<u8>(p) == 0x2d;
  let digits = alloc(<usize>n + 1);
  let nd = 0;
  let frac = 0;
  let point = false;
  let i = neg ? 1 : 0;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 0x2e) {
      point = true;
      continue;
    }
    if (c - 0x30 > 9) break;
    if (nd > 0 || c != 0x30) store<u8>(digits + nd++, <u8>c);
    if (point) frac++;
  }
  let e: i64 = 0;
  if (i < n) {
    i++;
    let eneg = load<u8>(p + i) == 0x2d;
    if (load<u8>(p + i) == 0x2d || load<u8>(p + i) == 0x2b) i++;
    for (; i < n && e < 100000000; i++) e = e * 10 + <i64>(load<u8>(p + i) - 0x30);
    if (eneg) e = -e;
  }
  if (nd == 0) {
    setWide(neg, 0, 0);
    return true;
  }
  while (load<u8>(digits + nd - 1) == 0x30) {
    nd--;
    e++;
  }
  let e10 = e - frac;
  if (e10 + nd > MAX_DEC_EXP || e10 + nd < -MAX_DEC_EXP) return false;
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

// Beyond this exponent gap the smaller operand only decides the rounding direction, which a
// one-bit stand-in far below the larger operand's last bit decides the same way.
const MAX_GAP = 140;

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
  if (ea - eb > MAX_GAP) {
    mb = 1;
    eb = ea - MAX_GAP;
  } else if (eb - ea > MAX_GAP) {
    ma = 1;
    ea = eb - MAX_GAP;
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

// Sets the W_ registers to a op b; false for division by zero.
export function wideOp(op: i32, na: bool, ma: u64, ea: i32, nb: bool, mb: u64, eb: i32): bool {
  if (op == W_ADD) addWide(na, ma, ea, nb, mb, eb);
  else if (op == W_SUB) addWide(na, ma, ea, !nb, mb, eb);
  else if (op == W_MUL) {
    if (ma == 0 || mb == 0) setWide(na != nb, 0, 0);
    else roundQuotient(na != nb, bigMul(bigFromU64(ma, 1), bigFromU64(mb, 1)), bigFromU64(1, 1), ea + eb);
  } else {
    if (mb == 0) return false;
    if (ma == 0) setWide(na != nb, 0, 0);
    else roundQuotient(na != nb, bigFromU64(ma, 1), bigFromU64(mb, 1), ea - eb);
  }
  return true;
}

// True when the value in the W_ registers is an integer.
export function wideIsIntegral(): bool {
  if (W_MANT == 0 || W_EXP >= 0) return true;
  if (W_EXP <= -64) return false;
  return (W_MANT << <u64>(64 + W_EXP)) == 0;
}
