// format_int and to_number.
import { T_BOOLEAN, T_NULL, T_NUMBER, T_STRING, newString, strLen, strPtr, typeOf } from "../value";
import { isIntegerText, numberFromText, numberFromF64, numF64, opa_number_int } from "../number";
import { parseF64 } from "../float-parse";
import { isIntArg, intArgValue, isNum } from "./args";
import { builtinError, typeError, typeMessage } from "./failure";
import { BAD_BASE, INTEGER, INVALID_SYNTAX, NUMBER, NUMBER_STRING } from "./reasons";
import { bigFromU64, bigShl } from "../bigint";
import { wideOf } from "../arith";
import { W_EXP, W_MANT, W_NEG } from "../wide-float";
import { bigIntText } from "./fmt-int";

const TWO_63: f64 = 9223372036854775808.0;

// mant x 2^exp truncated toward zero, as a bigint.
function truncated(neg: bool, mant: u64, exp: i32): usize {
  let s = neg ? -1 : 1;
  if (exp >= 0) return bigShl(bigFromU64(mant, s), exp);
  return bigFromU64(exp <= -64 ? 0 : mant >> <u64>(-exp), s);
}

const DIGITS = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

// The number is truncated toward zero first, as OPA does. Past i64, OPA reads it as a big.Float
// of 64-bit precision (wide-float.ts) and formats the truncated big.Int.
export function builtin_format_int(x: usize, base: usize): usize {
  if (!isNum(x)) return typeError(1, NUMBER, x);
  if (!isIntArg(base)) return isNum(base) ? typeMessage(BAD_BASE) : typeError(2, INTEGER, base);
  let radix = <i32>intArgValue();
  if (radix != 2 && radix != 8 && radix != 10 && radix != 16) return typeMessage(BAD_BASE);
  let f = Math.trunc(numF64(x));
  let exact = isIntArg(x);
  if (!exact && !(f > -TWO_63 && f < TWO_63)) return wideOf(x) ? bigIntText(truncated(W_NEG, W_MANT, W_EXP), radix) : 0;
  let i = exact ? intArgValue() : <i64>f;
  let neg = i < 0;
  let m: u64 = neg ? <u64>(-i) : <u64>i;
  let digits = 0;
  let t = m;
  do { digits++; t /= <u64>radix; } while (t != 0);
  let out = newString(digits + (neg ? 1 : 0));
  let p = strPtr(out) + digits + (neg ? 1 : 0);
  do {
    store<u8>(--p, load<u8>(DIGITS + <usize>(m % <u64>radix)));
    m /= <u64>radix;
  } while (m != 0);
  if (neg) store<u8>(strPtr(out), 0x2d);
  return out;
}

// Go's strconv.ParseFloat decimal syntax: optional sign, digits with an optional point
// (at least one digit), optional exponent. NaN and infinities are rejected like OPA does.
function isDecimalText(p: usize, n: i32): bool {
  let i = 0;
  if (i < n && (load<u8>(p) == 0x2b || load<u8>(p) == 0x2d)) i++;
  let digits = 0;
  while (i < n && <u32>(load<u8>(p + i) - 0x30) <= 9) { i++; digits++; }
  if (i < n && load<u8>(p + i) == 0x2e) {
    i++;
    while (i < n && <u32>(load<u8>(p + i) - 0x30) <= 9) { i++; digits++; }
  }
  if (digits == 0) return false;
  if (i < n && (load<u8>(p + i) | 0x20) == 0x65) {
    i++;
    if (i < n && (load<u8>(p + i) == 0x2b || load<u8>(p + i) == 0x2d)) i++;
    let e = 0;
    while (i < n && <u32>(load<u8>(p + i) - 0x30) <= 9) { i++; e++; }
    if (e == 0) return false;
  }
  return i == n;
}

// NaN and the infinities in any case, signed or not: text that names a number that is none.
function isNonFinite(p: usize, n: i32): bool {
  if (n > 0 && (load<u8>(p) == 0x2b || load<u8>(p) == 0x2d)) { p++; n--; }
  return lowerIs(p, n, "nan") || lowerIs(p, n, "inf") || lowerIs(p, n, "infinity");
}

function lowerIs(p: usize, n: i32, word: string): bool {
  if (n != word.length) return false;
  for (let i = 0; i < n; i++) if ((load<u8>(p + i) | 0x20) != <u8>word.charCodeAt(i)) return false;
  return true;
}

// Leading zeros are dropped so that big integer text stays canonical for comparison.
function integerFromText(p: usize, n: i32): usize {
  let neg = load<u8>(p) == 0x2d;
  let d = neg ? 1 : 0;
  let z = d;
  while (z < n - 1 && load<u8>(p + z) == 0x30) z++;
  if (z == d) return numberFromText(p, n);
  let out = newString(n - z + d);
  let q = strPtr(out);
  if (neg) store<u8>(q, 0x2d);
  memory.copy(q + d, p + z, <usize>(n - z));
  return numberFromText(q, n - z + d);
}

function stringToNumber(s: usize): usize {
  let p = strPtr(s);
  let n = strLen(s);
  if (!isDecimalText(p, n)) return isNonFinite(p, n) ? typeError(1, NUMBER_STRING, s) : builtinError(INVALID_SYNTAX);
  if (load<u8>(p) == 0x2b) { p++; n--; }
  if (isIntegerText(p, n)) return integerFromText(p, n);
  return numberFromF64(parseF64(p, n));
}

export function builtin_to_number(v: usize): usize {
  if (!v) return 0;
  switch (typeOf(v)) {
    case T_NULL: return opa_number_int(0);
    case T_BOOLEAN: return opa_number_int(load<i32>(v, 4));
    case T_NUMBER: return v;
    case T_STRING: return stringToNumber(v);
  }
  return 0;
}
