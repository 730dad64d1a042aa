// Numbers: exact i64 integers, decimal text (from JSON and the compiler) kept verbatim so that
// it prints back unchanged, results of non-integer arithmetic ("wide": OPA's 64-bit-mantissa
// float, whose text, the shortest decimal as OPA writes it, is made when first needed), and f64
// from a few builtins. Text that is an integer beyond i64 stays a "big" integer. Numbers order
// by exact decimal value; wide and f64 numbers by the text they print as.
import { alloc } from "./alloc";
import { T_NUMBER } from "./value";
import { parseF64 } from "./float-parse";
import { cmpDecimalText } from "./decimal-compare";
import { formatI64 } from "./int-format";
import { formatF64 } from "./float-format";
import { W_EXP, W_MANT, W_NEG, wideFromText, wideIsIntegral } from "./wide-float";
import { WIDE_TEXT_LEN, wideText } from "./wide-format";

const R_INT: u8 = 0;
const R_FLOAT: u8 = 1;
const R_TEXT: u8 = 2;
const R_WIDE: u8 = 3; // text ptr +8 (0 until made) / len +12, mantissa u64 +16, exp i32 +24, neg u8 +28

// Resolved classes.
export const K_INT: i32 = 0;
export const K_FLOAT: i32 = 1;
export const K_BIG: i32 = 2;

function newNumber(repr: u8): usize {
  let v = alloc(16);
  store<u8>(v, T_NUMBER);
  store<u8>(v, repr, 1);
  return v;
}

export function opa_number_int(i: i64): usize {
  let v = newNumber(R_INT);
  store<i64>(v, i, 8);
  return v;
}

export function opa_number_float(f: f64): usize {
  let v = newNumber(R_FLOAT);
  store<f64>(v, f, 8);
  return v;
}

export function opa_number_ref(ptr: usize, len: i32): usize {
  let v = newNumber(R_TEXT);
  store<usize>(v, ptr, 8);
  store<i32>(v, len, 12);
  return v;
}

// A non-integer, non-zero wide float (normalized mantissa); its text is made on demand.
export function newWideNumber(neg: bool, mant: u64, exp: i32): usize {
  let v = alloc(32);
  store<u8>(v, T_NUMBER);
  store<u8>(v, R_WIDE, 1);
  store<usize>(v, 0, 8);
  store<u64>(v, mant, 16);
  store<i32>(v, exp, 24);
  store<u8>(v, neg ? 1 : 0, 28);
  return v;
}

@inline export function isWide(v: usize): bool {
  return load<u8>(v, 1) == R_WIDE;
}

@inline export function wideMant(v: usize): u64 {
  return load<u64>(v, 16);
}

@inline export function wideExp(v: usize): i32 {
  return load<i32>(v, 24);
}

@inline export function wideNeg(v: usize): bool {
  return load<u8>(v, 28) != 0;
}

// Text and wide numbers both have decimal text (textPtr, textLen).
@inline export function isText(v: usize): bool {
  let r = load<u8>(v, 1);
  return r == R_TEXT || r == R_WIDE;
}

function ensureText(v: usize): void {
  if (load<u8>(v, 1) != R_WIDE || load<usize>(v, 8) != 0) return;
  let p = wideText(wideNeg(v), wideMant(v), wideExp(v));
  store<i32>(v, WIDE_TEXT_LEN, 12);
  store<usize>(v, p, 8);
}

export function textPtr(v: usize): usize {
  ensureText(v);
  return load<usize>(v, 8);
}

export function textLen(v: usize): i32 {
  ensureText(v);
  return load<i32>(v, 12);
}

export function isIntegerText(p: usize, n: i32): bool {
  let i = n > 0 && load<u8>(p) == 0x2d ? 1 : 0;
  if (i == n) return false;
  for (; i < n; i++) {
    if (<u32>(load<u8>(p + i) - 0x30) > 9) return false;
  }
  return true;
}

// Sets PARSED_INT and returns true when the integer text fits in i64.
let PARSED_INT: i64 = 0;
function parseI64(p: usize, n: i32): bool {
  let neg = load<u8>(p) == 0x2d;
  let acc: i64 = 0; // accumulated negatively so that i64.MIN_VALUE fits
  for (let i = neg ? 1 : 0; i < n; i++) {
    let d = <i64>(load<u8>(p + i) - 0x30);
    if (acc < (i64.MIN_VALUE + d) / 10) return false;
    acc = acc * 10 - d;
  }
  if (!neg && acc == i64.MIN_VALUE) return false;
  PARSED_INT = neg ? acc : -acc;
  return true;
}

// Integer text that fits becomes an i64 number; anything else keeps its text. `-0` keeps its
// text too: OPA holds a number as written (json.Number) and prints -0 back as -0.
export function numberFromText(p: usize, n: i32): usize {
  if (isIntegerText(p, n) && parseI64(p, n) && !(PARSED_INT == 0 && load<u8>(p) == 0x2d)) return opa_number_int(PARSED_INT);
  return opa_number_ref(p, n);
}

export function numClass(v: usize): i32 {
  let r = load<u8>(v, 1);
  if (r == R_INT) return K_INT;
  if (r == R_FLOAT || r == R_WIDE) return K_FLOAT;
  let p = textPtr(v);
  let n = textLen(v);
  if (!isIntegerText(p, n)) return K_FLOAT;
  return parseI64(p, n) ? K_INT : K_BIG;
}

// Only meaningful when numClass(v) == K_INT.
export function numI64(v: usize): i64 {
  let r = load<u8>(v, 1);
  if (r == R_INT) return load<i64>(v, 8);
  parseI64(textPtr(v), textLen(v));
  return PARSED_INT;
}

export function numF64(v: usize): f64 {
  let r = load<u8>(v, 1);
  if (r == R_INT) return <f64>load<i64>(v, 8);
  if (r == R_FLOAT) return load<f64>(v, 8);
  let p = textPtr(v);
  return parseF64(p, textLen(v));
}

const TWO_63: f64 = 9223372036854775808.0;

// True when f is integral and representable as i64; the value goes to PARSED_INT.
function floatToI64(f: f64): bool {
  if (!(f >= -TWO_63 && f < TWO_63) || f != Math.trunc(f)) return false;
  PARSED_INT = <i64>f;
  return true;
}

// Integral numbers that fit i64 (including 3.0) give true with the value in numInt().
export function numToI64(v: usize): bool {
  let k = numClass(v);
  if (k == K_INT) {
    PARSED_INT = numI64(v);
    return true;
  }
  if (k == K_BIG || isWide(v)) return false; // wide numbers are never integral
  if (!isText(v)) return floatToI64(numF64(v));
  return wideFromText(textPtr(v), textLen(v)) && wideToI64();
}

// The value of the W_ registers when it is an integer that fits i64 (to PARSED_INT).
function wideToI64(): bool {
  if (!wideIsIntegral()) return false;
  if (W_MANT == 0) {
    PARSED_INT = 0;
    return true;
  }
  if (W_EXP > 0) return false;
  let m = W_MANT >> <u64>(-W_EXP);
  if (m > (W_NEG ? <u64>0x8000000000000000 : <u64>0x7fffffffffffffff)) return false;
  PARSED_INT = W_NEG ? -(<i64>m) : <i64>m;
  return true;
}

export function numInt(): i64 {
  return PARSED_INT;
}

// Results of float arithmetic: integral values become exact integers so they print as such.
export function numberFromF64(f: f64): usize {
  if (!isFinite(f)) return 0;
  if (floatToI64(f)) return opa_number_int(PARSED_INT);
  return opa_number_float(f);
}

// Sign of big integer text: -1 or 1.
function bigSign(v: usize): i32 {
  return load<u8>(textPtr(v)) == 0x2d ? -1 : 1;
}

function cmpBig(a: usize, b: usize): i32 {
  let sa = bigSign(a);
  let sb = bigSign(b);
  if (sa != sb) return sa;
  let la = textLen(a);
  let lb = textLen(b);
  if (la != lb) return la < lb ? -sa : sa;
  let pa = textPtr(a);
  let pb = textPtr(b);
  for (let i = 0; i < la; i++) {
    let d = <i32>load<u8>(pa + i) - <i32>load<u8>(pb + i);
    if (d != 0) return d < 0 ? -sa : sa;
  }
  return 0;
}

function cmpI64(a: i64, b: i64): i32 {
  return a < b ? -1 : a > b ? 1 : 0;
}

const SCRATCH_A = memory.data(40);
const SCRATCH_B = memory.data(40);
export let TEXT_LEN: i32 = 0;

// The decimal text a number prints as (to TEXT_LEN): integers and f64 are written to scratch.
function textOf(v: usize, scratch: usize): usize {
  let r = load<u8>(v, 1);
  if (r == R_TEXT || r == R_WIDE) {
    let p = textPtr(v);
    TEXT_LEN = textLen(v);
    return p;
  }
  TEXT_LEN = r == R_INT ? formatI64(load<i64>(v, 8), scratch) : formatF64(load<f64>(v, 8), scratch);
  return scratch;
}

// Two wide numbers order as their values do, and so as the texts they print as.
function cmpWide(a: usize, b: usize): i32 {
  let s = wideNeg(a) ? -1 : 1;
  if (wideNeg(a) != wideNeg(b)) return s;
  let ea = wideExp(a);
  let eb = wideExp(b);
  if (ea != eb) return ea < eb ? -s : s;
  let ma = wideMant(a);
  let mb = wideMant(b);
  return ma == mb ? 0 : ma < mb ? -s : s;
}

export function cmpNumbers(a: usize, b: usize): i32 {
  let ka = numClass(a);
  let kb = numClass(b);
  if (ka == K_INT && kb == K_INT) return cmpI64(numI64(a), numI64(b));
  if (ka == K_BIG && kb == K_BIG) return cmpBig(a, b);
  if (ka == K_BIG && kb == K_INT) return bigSign(a);
  if (ka == K_INT && kb == K_BIG) return -bigSign(b);
  if (isWide(a) && isWide(b)) return cmpWide(a, b);
  let pa = textOf(a, SCRATCH_A);
  let la = TEXT_LEN;
  let pb = textOf(b, SCRATCH_B);
  return cmpDecimalText(pa, la, pb, TEXT_LEN);
}
