// Float verbs of sprintf, laid out as Go's strconv does: %e (d.dddde±dd), %f, %g and %v
// (shortest digits unless a precision is given), %x (hexadecimal mantissa, binary exponent)
// and %b (integer mantissa, binary exponent). Signs follow Go's fmt: '+' forces one, ' '
// leaves a space, and '0' pads between the sign and the digits.
import { bufByte, bufBytes, bufData, bufLen, bufNew } from "../buf";
import { formatI64 } from "../int-format";
import { alloc } from "../alloc";
import { DIGITS_COUNT, DIGITS_POINT, fractionDigits, shortestDigits, significantDigits } from "../float-digits";
import { HAS_PREC, HAS_WIDTH, PLUS, PREC, SPACE, WIDTH, ZERO, padText, padding } from "./fmt-spec";

const HEX_LOWER = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);
const HEX_UPPER = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70]);

@inline function digitAt(d: usize, n: i32, i: i32): u32 {
  return i >= 0 && i < n ? <u32>load<u8>(d + i) : 0x30;
}

// Exponent with sign and at least two digits.
function writeExponent(t: usize, e: i32): void {
  bufByte(t, e < 0 ? 0x2d : 0x2b);
  if (e < 0) e = -e;
  if (e < 10) bufByte(t, 0x30);
  let p = alloc(12);
  bufBytes(t, p, formatI64(e, p));
}

function layoutE(t: usize, d: usize, n: i32, point: i32, prec: i32, upper: bool): void {
  bufByte(t, digitAt(d, n, 0));
  if (prec > 0) bufByte(t, 0x2e);
  for (let i = 1; i <= prec; i++) bufByte(t, digitAt(d, n, i));
  bufByte(t, upper ? 0x45 : 0x65);
  writeExponent(t, n == 0 ? 0 : point - 1);
}

function layoutF(t: usize, d: usize, n: i32, point: i32, prec: i32): void {
  if (point <= 0) bufByte(t, 0x30);
  for (let i = 0; i < point; i++) bufByte(t, digitAt(d, n, i));
  if (prec > 0) bufByte(t, 0x2e);
  for (let i = 0; i < prec; i++) bufByte(t, digitAt(d, n, point + i));
}

// %g: exponent form when the exponent is below -4 or at least the precision (6 when shortest,
// and never more digits than there are); trailing zeros are not printed.
function layoutG(t: usize, f: f64, prec: i32, upper: bool): void {
  let shortest = prec < 0;
  if (prec == 0) prec = 1;
  let d = shortest ? shortestDigits(f) : significantDigits(f, prec);
  let n = DIGITS_COUNT;
  let point = DIGITS_POINT;
  if (shortest) prec = n;
  let eprec = prec;
  if (eprec > n && n >= point) eprec = n;
  if (shortest) eprec = 6;
  let exp = point - 1;
  if (exp < -4 || exp >= eprec) {
    layoutE(t, d, n, point, min(prec, n) - 1, upper);
    return;
  }
  layoutF(t, d, n, point, max((prec > point ? n : prec) - point, 0));
}

// Mantissa normalised to a leading 1 at bit 60 (value = mant / 2^60 x 2^EXP2).
let EXP2: i32 = 0;
function normalised(f: f64): u64 {
  let bits = reinterpret<u64>(f);
  let biased = <i32>((bits >> 52) & 0x7ff);
  let mant = bits & 0xfffffffffffff;
  EXP2 = biased == 0 ? -1022 : biased - 1023;
  if (biased != 0) mant |= <u64>1 << 52;
  if (mant == 0) {
    EXP2 = 0;
    return 0;
  }
  mant <<= 8;
  while ((mant & (<u64>1 << 60)) == 0) { mant <<= 1; EXP2--; }
  return mant;
}

// Rounds the hex mantissa to prec digits after the point, half to even.
function roundHex(mant: u64, prec: i32): u64 {
  if (prec < 0 || prec >= 15) return mant;
  let shift = <u64>(prec * 4);
  let extra = (mant << shift) & ((<u64>1 << 60) - 1);
  mant >>= 60 - shift;
  if ((extra | (mant & 1)) > (<u64>1 << 59)) mant++;
  mant <<= 60 - shift;
  if (mant & (<u64>1 << 61)) {
    mant >>= 1;
    EXP2++;
  }
  return mant;
}

function layoutX(t: usize, f: f64, prec: i32, upper: bool): void {
  let hex = upper ? HEX_UPPER : HEX_LOWER;
  let mant = roundHex(normalised(f), prec);
  bufByte(t, 0x30);
  bufByte(t, upper ? 0x58 : 0x78);
  bufByte(t, 0x30 + <u32>((mant >> 60) & 1));
  mant <<= 4;
  let count = prec < 0 ? 0 : prec;
  if (prec < 0) for (let m = mant; m != 0; m <<= 4) count++;
  if (count > 0) bufByte(t, 0x2e);
  for (let i = 0; i < count; i++) {
    bufByte(t, load<u8>(hex + <usize>((mant >> 60) & 15)));
    mant <<= 4;
  }
  bufByte(t, upper ? 0x50 : 0x70);
  writeExponent(t, EXP2);
}

// %b: the integer mantissa and the power of two it is scaled by.
function layoutB(t: usize, f: f64): void {
  let bits = reinterpret<u64>(f);
  let biased = <i32>((bits >> 52) & 0x7ff);
  let mant = bits & 0xfffffffffffff;
  if (biased != 0) mant |= <u64>1 << 52;
  let p = alloc(24);
  bufBytes(t, p, formatI64(<i64>mant, p));
  let e = (biased == 0 ? -1022 : biased - 1023) - 52;
  bufByte(t, 0x70);
  if (e >= 0) bufByte(t, 0x2b);
  bufBytes(t, p, formatI64(e, p));
}

function layout(t: usize, f: f64, verb: u32): bool {
  let a = Math.abs(f);
  switch (verb) {
    case 0x76: case 0x67: case 0x47: layoutG(t, a, HAS_PREC ? PREC : -1, verb == 0x47); return true;
    case 0x65: case 0x45: {
      let prec = HAS_PREC ? PREC : 6;
      let d = significantDigits(a, prec + 1);
      layoutE(t, d, DIGITS_COUNT, DIGITS_POINT, prec, verb == 0x45);
      return true;
    }
    case 0x66: case 0x46: {
      let prec = HAS_PREC ? PREC : 6;
      let d = fractionDigits(a, prec);
      layoutF(t, d, DIGITS_COUNT, DIGITS_POINT, prec);
      return true;
    }
    case 0x78: case 0x58: layoutX(t, a, HAS_PREC ? PREC : -1, verb == 0x58); return true;
    case 0x62: layoutB(t, a); return true;
  }
  return false;
}

// Every float verb; false for verbs floats do not have.
export function formatFloat(b: usize, f: f64, verb: u32): bool {
  let t = bufNew(40);
  let neg = (reinterpret<u64>(f) >> 63) != 0;
  bufByte(t, neg ? 0x2d : PLUS ? 0x2b : SPACE ? 0x20 : 0x2b);
  if (!layout(t, f, verb)) return false;
  let p = bufData(t);
  let n = bufLen(t);
  if (!neg && !PLUS && !SPACE) {
    padText(b, p + 1, n - 1, true);
  } else if (ZERO && HAS_WIDTH && WIDTH > n) {
    bufByte(b, load<u8>(p));
    padding(b, WIDTH - n, true);
    bufBytes(b, p + 1, n - 1);
  } else {
    padText(b, p, n, true);
  }
  return true;
}
