// bits.*: integers of any size, as OPA's big.Int operands. Operands that fit i64 take the
// machine path; any other integral number goes through bigint-bits.ts.
import { opa_number_int, numClass, K_INT, numI64 } from "../number";
import { bigFromI64, bigFromU64, bigShl, bigToValue, sign } from "../bigint";
import { BIT_AND, BIT_OR, BIT_XOR, bigBitwise, bigNot, bigShr } from "../bigint-bits";
import { wideOf } from "../arith";
import { W_EXP, W_MANT, W_NEG, wideIsIntegral } from "../wide-float";
import { isNum } from "./args";
import { integerError, typeErrorGot } from "./failure";
import { GOT_NEGATIVE, UNSIGNED } from "./reasons";

// Left shifts past this many bits are undefined rather than allocating without bound.
const MAX_LSH: i64 = 0xffff;

let A: i64 = 0;
let B: i64 = 0;
let BIG_A: usize = 0;
let BIG_B: usize = 0;

// Both operands fit i64 (in A and B): the common case, with no allocation.
function smallInts(a: usize, b: usize): bool {
  if (!isSmallInt(a) || !isSmallInt(b)) return false;
  A = numI64(a);
  B = numI64(b);
  return true;
}

function isSmallInt(v: usize): bool {
  return isNum(v) && numClass(v) == K_INT;
}

// Both operands as bigints (in BIG_A and BIG_B); false, with the reason recorded, when one is not
// an integer.
function bigInts(a: usize, b: usize): bool {
  BIG_A = bigArg(1, a);
  if (!BIG_A) return false;
  BIG_B = bigArg(2, b);
  return BIG_B != 0;
}

// Operand n read as OPA's BigIntOperand reads it: through a big.Float of 64-bit precision, so any
// number whose value there is integral counts (3.0, 1e3), and integers beyond 2^64 keep only their
// top 64 significant bits, rounded to nearest even. 0 when it is not an integer.
function bigArg(n: i32, v: usize): usize {
  if (isSmallInt(v)) return bigFromI64(numI64(v));
  if (isNum(v) && wideOf(v) && wideIsIntegral()) return bigFromWide();
  integerError(n, v);
  return 0;
}

// The integral value in the W_ registers (mantissa x 2^exponent).
function bigFromWide(): usize {
  let s = W_NEG ? -1 : 1;
  if (W_EXP >= 0) return bigShl(bigFromU64(W_MANT, s), W_EXP);
  return bigFromU64(W_EXP <= -64 ? 0 : W_MANT >> <u64>(-W_EXP), s);
}

// A shift count must not be negative.
function shiftCount(): bool {
  return sign(BIG_B) >= 0 || typeErrorGot(2, UNSIGNED, GOT_NEGATIVE) != 0;
}

// The shift count in BIG_B, saturated to i64 (such counts leave nothing to keep or are refused).
function countOf(b: usize): i64 {
  let v = bigToValue(b);
  return numClass(v) == K_INT ? numI64(v) : i64.MAX_VALUE;
}

function bitwise(op: i32, a: usize, b: usize): usize {
  if (smallInts(a, b)) return opa_number_int(op == BIT_AND ? A & B : op == BIT_OR ? A | B : A ^ B);
  return bigInts(a, b) ? bigToValue(bigBitwise(op, BIG_A, BIG_B)) : 0;
}

export function builtin_bits_or(a: usize, b: usize): usize {
  return bitwise(BIT_OR, a, b);
}

export function builtin_bits_and(a: usize, b: usize): usize {
  return bitwise(BIT_AND, a, b);
}

export function builtin_bits_xor(a: usize, b: usize): usize {
  return bitwise(BIT_XOR, a, b);
}

export function builtin_bits_negate(a: usize): usize {
  if (isSmallInt(a)) return opa_number_int(~numI64(a));
  let big = bigArg(1, a);
  return big ? bigToValue(bigNot(big)) : 0;
}

export function builtin_bits_lsh(a: usize, b: usize): usize {
  if (!bigInts(a, b) || !shiftCount()) return 0;
  let count = countOf(BIG_B);
  return count > MAX_LSH ? 0 : bigToValue(bigShl(BIG_A, <i32>count));
}

// Arithmetic shift: negative numbers round toward negative infinity, as Go's big.Int.Rsh.
export function builtin_bits_rsh(a: usize, b: usize): usize {
  if (smallInts(a, b) && B >= 0) return opa_number_int(A >> (B > 63 ? 63 : B));
  if (!bigInts(a, b) || !shiftCount()) return 0;
  return bigToValue(bigShr(BIG_A, countOf(BIG_B)));
}
