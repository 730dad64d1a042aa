// Exact number arithmetic: integers stay exact (i64, then bigint on overflow); anything
// involving a non-integer is computed in f64.
import { K_FLOAT, K_INT, numClass, numI64, numF64, numberFromF64, opa_number_int } from "./number";
import { bigAdd, bigMul, bigOf, bigSub, bigToValue } from "./bigint";

export const ADD = 0;
export const SUB = 1;
export const MUL = 2;

// Sets OVERFLOW when the i64 result does not fit.
let OVERFLOW = false;
function i64Op(op: i32, x: i64, y: i64): i64 {
  OVERFLOW = false;
  if (op == ADD) {
    let r = x + y;
    OVERFLOW = ((x ^ r) & (y ^ r)) < 0;
    return r;
  }
  if (op == SUB) {
    let r = x - y;
    OVERFLOW = ((x ^ y) & (x ^ r)) < 0;
    return r;
  }
  if ((x == -1 && y == i64.MIN_VALUE) || (y == -1 && x == i64.MIN_VALUE)) {
    OVERFLOW = true;
    return 0;
  }
  let r = x * y;
  OVERFLOW = x != 0 && r / x != y;
  return r;
}

function f64Op(op: i32, x: f64, y: f64): f64 {
  if (op == ADD) return x + y;
  if (op == SUB) return x - y;
  return x * y;
}

function bigOp(op: i32, a: usize, b: usize): usize {
  if (op == ADD) return bigAdd(a, b);
  if (op == SUB) return bigSub(a, b);
  return bigMul(a, b);
}

export function arith(op: i32, a: usize, b: usize): usize {
  let ka = numClass(a);
  let kb = numClass(b);
  if (ka == K_FLOAT || kb == K_FLOAT) return numberFromF64(f64Op(op, numF64(a), numF64(b)));
  if (ka == K_INT && kb == K_INT) {
    let r = i64Op(op, numI64(a), numI64(b));
    if (!OVERFLOW) return opa_number_int(r);
  }
  return bigToValue(bigOp(op, bigOf(a), bigOf(b)));
}

export function addNumbers(a: usize, b: usize): usize {
  return arith(ADD, a, b);
}

export function mulNumbers(a: usize, b: usize): usize {
  return arith(MUL, a, b);
}
