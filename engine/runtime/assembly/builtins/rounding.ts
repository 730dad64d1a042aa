// abs, round, ceil, floor and numbers.range. Non-integers go through OPA's 64-bit-mantissa
// floats (wide-float.ts); round, ceil and floor then give the exact integer of that float.
import { K_INT, numClass, numI64, opa_number_int } from "../number";
import { bigAbs, bigFromU64, bigOf, bigShl, bigToValue } from "../bigint";
import { opa_array_with_cap, opa_array_append } from "../array";
import { isIntArg, intArgValue, isNum } from "./args";
import { integerError } from "./failure";
import { burnFuel } from "../fuel";
import { ADD, SUB, arith, wideOf } from "../arith";
import { W_EXP, W_MANT, W_NEG, W_ADD, W_SUB, wideIsIntegral, wideOp } from "../wide-float";
import { numberFromWide } from "../wide-format";

export function builtin_abs(a: usize): usize {
  if (!isNum(a)) return 0;
  let k = numClass(a);
  // Zero is made anew: -0 kept as written comes back 0, as big.Float.Abs gives OPA.
  if (k == K_INT && numI64(a) > 0) return a;
  if (k == K_INT && numI64(a) != i64.MIN_VALUE) return opa_number_int(-numI64(a));
  let big = bigOf(a);
  if (big) return bigToValue(bigAbs(big));
  if (!wideOf(a)) return 0;
  W_NEG = false;
  return numberFromWide();
}

// Integers are returned as they are (OPA keeps those that need more than 64 bits exact too).
function isExactInteger(a: usize): bool {
  return bigOf(a) != 0;
}

// The W_ registers truncated toward zero, as an exact integer value (Go's big.Float.Int).
function truncated(): usize {
  let e = W_EXP;
  let s = W_NEG ? -1 : 1;
  if (e >= 0) return bigToValue(bigShl(bigFromU64(W_MANT, s), e));
  return bigToValue(bigFromU64(e <= -64 ? 0 : W_MANT >> <u64>(-e), s));
}

// Half away from zero: OPA adds (or, below zero, subtracts) 0.5 and truncates.
export function builtin_round(a: usize): usize {
  if (!isNum(a)) return 0;
  if (isExactInteger(a)) return a;
  if (!wideOf(a)) return 0;
  let half: u64 = <u64>1 << 63; // 0.5 = 2^63 x 2^-64
  return wideOp(W_NEG ? W_SUB : W_ADD, W_NEG, W_MANT, W_EXP, false, half, -64) ? truncated() : 0;
}

// OPA's topdown truncates toward zero, then ceil steps up unless the truncated value is
// negative and floor steps down unless it is not, so that in OPA ceil(-0.5) is 1 and
// floor(-0.5) is 0. This follows OPA.
function stepped(a: usize, up: bool): usize {
  if (!isNum(a)) return 0;
  if (isExactInteger(a)) return a;
  if (!wideOf(a)) return 0;
  let integral = wideIsIntegral();
  let t = truncated();
  let tneg = numClass(t) == K_INT ? numI64(t) < 0 : W_NEG;
  if (integral || (up ? tneg : !tneg)) return t;
  return arith(up ? ADD : SUB, t, opa_number_int(1));
}

export function builtin_ceil(a: usize): usize {
  return stepped(a, true);
}

export function builtin_floor(a: usize): usize {
  return stepped(a, false);
}

// Inclusive at both ends, descending when a > b.
export function builtin_numbers_range(a: usize, b: usize): usize {
  if (!isIntArg(a)) return integerError(1, a);
  let from = intArgValue();
  if (!isIntArg(b)) return integerError(2, b);
  let to = intArgValue();
  let step: i64 = from <= to ? 1 : -1;
  let n = (to - from) * step + 1;
  if (n > 0x7fffffff) return 0;
  burnFuel(n);
  let arr = opa_array_with_cap(<i32>n);
  for (let i: i64 = 0; i < n; i++) opa_array_append(arr, opa_number_int(from + i * step));
  return arr;
}
