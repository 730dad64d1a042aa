// bits.*: integers only. Left shifts grow into big integers instead of overflowing.
import { opa_number_int, numClass, K_INT, numI64 } from "../number";
import { bigOf, bigShl, bigToValue } from "../bigint";
import { isNum } from "./args";

let A: i64 = 0;
let B: i64 = 0;

// Both operands must be integers that fit i64 (big integers are not supported here).
function ints(a: usize, b: usize): bool {
  if (!isNum(a) || !isNum(b) || numClass(a) != K_INT || numClass(b) != K_INT) return false;
  A = numI64(a);
  B = numI64(b);
  return true;
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
  if (!ints(a, b) || B < 0 || B > 0xffff) return 0;
  return bigToValue(bigShl(bigOf(a), <i32>B));
}

// Arithmetic shift: negative numbers round toward negative infinity, as Go's big.Int.Rsh.
export function builtin_bits_rsh(a: usize, b: usize): usize {
  if (!ints(a, b) || B < 0) return 0;
  return opa_number_int(A >> (B > 63 ? 63 : B));
}
