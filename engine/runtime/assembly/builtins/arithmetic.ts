// plus, minus (numbers and set difference), mul, div, rem.
import { K_INT, numClass, numF64, numI64, opa_number_int } from "../number";
import { ADD, MUL, SUB, arith, wideArith } from "../arith";
import { W_QUO } from "../wide-float";
import { setDifference } from "../set-algebra";
import { isIntArg, intArgValue, isNum, isSet } from "./args";
import { builtinError, typeError } from "./failure";
import { DIVIDE_BY_ZERO, MODULO_BY_ZERO, MODULO_FLOAT, NUMBER, NUMBER_OR_SET, SET } from "./reasons";

// Why two operands that must both be numbers are not: records it, returns 0.
function notNumbers(a: usize, b: usize): usize {
  return isNum(a) ? typeError(2, NUMBER, b) : typeError(1, NUMBER, a);
}

export function builtin_plus(a: usize, b: usize): usize {
  return isNum(a) && isNum(b) ? arith(ADD, a, b) : notNumbers(a, b);
}

export function builtin_minus(a: usize, b: usize): usize {
  if (isNum(a) && isNum(b)) return arith(SUB, a, b);
  if (isSet(a) && isSet(b)) return setDifference(a, b);
  if (isNum(a)) return typeError(2, NUMBER, b);
  return isSet(a) ? typeError(2, SET, b) : typeError(1, NUMBER_OR_SET, a);
}

export function builtin_mul(a: usize, b: usize): usize {
  return isNum(a) && isNum(b) ? arith(MUL, a, b) : notNumbers(a, b);
}

// Integers that divide exactly stay integers; every other quotient (including 0 divided by a
// negative number, which OPA writes as -0) is a wide float.
export function builtin_div(a: usize, b: usize): usize {
  if (!isNum(a) || !isNum(b)) return notNumbers(a, b);
  if (numClass(a) == K_INT && numClass(b) == K_INT) {
    let p = numI64(a);
    let q = numI64(b);
    if (q == 0) return builtinError(DIVIDE_BY_ZERO);
    if (q == -1 && p != 0) return arith(SUB, opa_number_int(0), a);
    if (p != 0 && p % q == 0) return opa_number_int(p / q);
  }
  let r = wideArith(W_QUO, a, b);
  return r == 0 && numF64(b) == 0 ? builtinError(DIVIDE_BY_ZERO) : r;
}

// Integers only; the result takes the sign of the dividend (truncated division, as Go).
export function builtin_rem(a: usize, b: usize): usize {
  if (!isNum(a) || !isNum(b)) return notNumbers(a, b);
  if (!isIntArg(b)) return builtinError(MODULO_FLOAT);
  let q = intArgValue();
  if (!isIntArg(a)) return builtinError(MODULO_FLOAT);
  if (q == 0) return builtinError(MODULO_BY_ZERO);
  let p = intArgValue();
  return opa_number_int(q == -1 ? 0 : p % q);
}
