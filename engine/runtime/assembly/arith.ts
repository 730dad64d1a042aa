// Number arithmetic as OPA does it: integers stay exact (i64, then bigint on overflow);
// anything involving a non-integer is computed on 64-bit-mantissa binary floats and written
// back as the shortest decimal text (wide-float.ts, wide-format.ts).
import { K_FLOAT, K_INT, isText, isWide, numClass, numI64, numF64, opa_number_int, textLen, textPtr, wideExp, wideMant, wideNeg } from "./number";
import { bigAdd, bigMul, bigOf, bigSub, bigToValue } from "./bigint";
import { W_EXP, W_MANT, W_NEG, W_ADD, W_MUL, W_SUB, setWideRegisters, wideFromI64, wideFromText, wideOp } from "./wide-float";
import { numberFromWide } from "./wide-format";
import { formatF64 } from "./float-format";
import { alloc } from "./alloc";

export const ADD = W_ADD;
export const SUB = W_SUB;
export const MUL = W_MUL;

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

function bigOp(op: i32, a: usize, b: usize): usize {
  if (op == ADD) return bigAdd(a, b);
  if (op == SUB) return bigSub(a, b);
  return bigMul(a, b);
}

// Loads a number into the W_ registers; false when its exponent is out of range. An f64 reads
// as the text it prints as, as OPA would have received that text.
export function wideOf(v: usize): bool {
  if (isWide(v)) {
    setWideRegisters(wideNeg(v), wideMant(v), wideExp(v));
    return true;
  }
  if (numClass(v) == K_INT) {
    wideFromI64(numI64(v));
    return true;
  }
  if (isText(v)) return wideFromText(textPtr(v), textLen(v));
  let out = alloc(32);
  return wideFromText(out, formatF64(numF64(v), out));
}

// a op b on wide floats (op: ADD, SUB, MUL or wide-float's W_QUO); 0 when undefined.
export function wideArith(op: i32, a: usize, b: usize): usize {
  if (!wideOf(a)) return 0;
  let na = W_NEG;
  let ma = W_MANT;
  let ea = W_EXP;
  if (!wideOf(b)) return 0;
  if (!wideOp(op, na, ma, ea, W_NEG, W_MANT, W_EXP)) return 0;
  return numberFromWide();
}

export function arith(op: i32, a: usize, b: usize): usize {
  let ka = numClass(a);
  let kb = numClass(b);
  if (ka == K_FLOAT || kb == K_FLOAT) return wideArith(op, a, b);
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
