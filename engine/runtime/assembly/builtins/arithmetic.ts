// plus, minus (numbers and set difference), mul, div, rem.
import { K_INT, numClass, numI64, numF64, numberFromF64, opa_number_int } from "../number";
import { ADD, MUL, SUB, arith } from "../arith";
import { setDifference } from "../set-algebra";
import { isIntArg, intArgValue, isNum, isSet } from "./args";

export function builtin_plus(a: usize, b: usize): usize {
  return isNum(a) && isNum(b) ? arith(ADD, a, b) : 0;
}

export function builtin_minus(a: usize, b: usize): usize {
  if (isNum(a) && isNum(b)) return arith(SUB, a, b);
  if (isSet(a) && isSet(b)) return setDifference(a, b);
  return 0;
}

export function builtin_mul(a: usize, b: usize): usize {
  return isNum(a) && isNum(b) ? arith(MUL, a, b) : 0;
}

export function builtin_div(a: usize, b: usize): usize {
  if (!isNum(a) || !isNum(b)) return 0;
  let y = numF64(b);
  if (y == 0) return 0;
  if (numClass(a) == K_INT && numClass(b) == K_INT) {
    let p = numI64(a);
    let q = numI64(b);
    if (q == -1) return arith(SUB, opa_number_int(0), a);
    if (p % q == 0) return opa_number_int(p / q);
  }
  return numberFromF64(numF64(a) / y);
}

// Integers only; the result takes the sign of the dividend (truncated division, as Go).
export function builtin_rem(a: usize, b: usize): usize {
  if (!isIntArg(b)) return 0;
  let q = intArgValue();
  if (!isIntArg(a) || q == 0) return 0;
  let p = intArgValue();
  return opa_number_int(q == -1 ? 0 : p % q);
}
