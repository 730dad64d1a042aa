// bits.*: integers only. Left shifts grow into big integers instead of overflowing.
import { opa_number_int, numClass, K_INT, numI64 } from "../number";
import { bigOf, bigShl, bigToValue } from "../bigint";
import { isNum } from "./args";
import { integerError, typeErrorGot } from "./failure";
import { GOT_NEGATIVE, UNSIGNED } from "./reasons";

let A: i64 = 0;
let B: i64 = 0;

// Both operands must be integers that fit i64 (big integers are not supported here).
function ints(a: usize, b: usize): bool {
  if (!isInt(1, a) || !isInt(2, b)) return false;
  A = numI64(a);
  B = numI64(b);
  return true;
}

// Records why operand n is not an integer.
function isInt(n: i32, v: usize): bool {
  return (isNum(v) && numClass(v) == K_INT) || integerError(n, v) != 0;
}

// A shift count must not be negative.
function shift(): bool {
  return B >= 0 || typeErrorGot(2, UNSIGNED, GOT_NEGATIVE) != 0;
}

export function builtin_bits_or(a: usize, b: usize): usize {
  return ints(a, b) ? opa_number_int(A | B) : 0;
}

export function builtin_bits_and(a: usize, b: usize): usize {
  return ints(a, b) ? opa_number_int(A & B) : 0;
}

export function builtin_bits_xor(a: usize, b: usize): usize {
  return ints(a, b) ? opa_number_int(A ^ B) : 0;
}

export function builtin_bits_negate(a: usize): usize {
  return ints(a, a) ? opa_number_int(~A) : 0;
}

export function builtin_bits_lsh(a: usize, b: usize): usize {
  if (!ints(a, b) || !shift() || B > 0xffff) return 0;
  return bigToValue(bigShl(bigOf(a), <i32>B));
}

// Arithmetic shift: negative numbers round toward negative infinity, as Go's big.Int.Rsh.
export function builtin_bits_rsh(a: usize, b: usize): usize {
  if (!ints(a, b) || !shift()) return 0;
  return opa_number_int(A >> (B > 63 ? 63 : B));
}
