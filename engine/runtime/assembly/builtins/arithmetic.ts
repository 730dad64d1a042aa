// plus, minus (numbers and set difference), mul, div, rem.
import { K_INT, numClass, numI64, opa_number_int } from "../number";
import { ADD, MUL, SUB, arith, wideArith } from "../arith";
import { W_QUO } from "../wide-float";
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

// Integers that divide exactly stay integers; every other quotient (including 0 divided by a
// negative number, which OPA writes as -0) is a wide float. Division by zero is undefined.
export function builtin_div(a: usize, b: usize): usize {
  if (!isNum(a) || !isNum(b)) return 0;
  if (numClass(a) == K_INT && numClass(b) == K_INT) {
    let p = numI64(a);
    let q = numI64(b);
    if (q == 0) return 0;
    if (q == -1 && p != 0) return arith(SUB, opa_number_int(0), a);
    if (p != 0 && p % q == 0) return opa_number_int(p / q);
  }
  return wideArith(W_QUO, a, b);
}

// Integers only; the result takes the sign of the dividend (truncated division, as Go).
export function builtin_rem(a: usize, b: usize): usize {
  if (!isIntArg(b)) return 0;
  let q = intArgValue();
  if (!isIntArg(a) || q == 0) return 0;
  let p = intArgValue();
  return opa_number_int(q == -1 ? 0 : p % q);
}
