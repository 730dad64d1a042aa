// Integer verbs of sprintf: %d %v %b %o %O %x %X for every integer, %c %q %U for those that fit
// i64. Integers beyond i64 follow Go's big.Int formatting, which OPA hands them to: its zero
// padding leaves room for the 0x prefix and its '+'/'#' flags also apply to %v.
import { alloc } from "../alloc";
import { bigDigits, bigFromI64, DIGITS_LEN } from "../bigint";
import { bufByte, bufBytes, bufData, bufLen, bufNew, bufAscii } from "../buf";
import { newString, strPtr } from "../value";
import { isPrintRune, quoteRune, RUNE_ERROR } from "../go-quote";
import { encodeAt } from "../utf8";
import { HAS_PREC, HAS_WIDTH, PLUS, PLUS_V, PREC, SHARP, SHARP_V, SPACE, WIDTH, ZERO, padText, padding } from "./fmt-spec";

const MAX_RUNE: u64 = 0x10ffff;

let COUNT: i32 = 0;

// Bigint layout (see bigint.ts): sign at +0, limb count at +4, 32-bit limbs from +8.
function bitAt(big: usize, i: i32): u32 {
  let limb = i >> 5;
  if (limb >= load<i32>(big, 4)) return 0;
  return (load<u32>(big + 8 + (<usize>limb << 2)) >> (<u32>i & 31)) & 1;
}

// Digits of |big| in base 2^shift, without leading zeros.
function powerDigits(big: usize, shift: i32, upper: bool): usize {
  let count = (load<i32>(big, 4) * 32 + shift - 1) / shift;
  let out = alloc(<usize>max(count, 1));
  let n = 0;
  for (let i = count - 1; i >= 0; i--) {
    let d: u32 = 0;
    for (let j = shift - 1; j >= 0; j--) d = (d << 1) | bitAt(big, i * shift + j);
    if (n == 0 && d == 0) continue;
    store<u8>(out + n++, <u8>(d < 10 ? 0x30 + d : (upper ? 0x37 : 0x57) + d));
  }
  if (n == 0) store<u8>(out + n++, 0x30);
  COUNT = n;
  return out;
}

function magnitudeDigits(big: usize, base: i32, upper: bool): usize {
  if (base != 10) return powerDigits(big, base == 16 ? 4 : base == 8 ? 3 : 1, upper);
  let d = bigDigits(big);
  COUNT = DIGITS_LEN;
  return d;
}

function baseOf(verb: u32): i32 {
  switch (verb) {
    case 0x64: case 0x76: case 0x73: return 10; // d v s
    case 0x62: return 2;
    case 0x6f: case 0x4f: return 8;
    case 0x78: case 0x58: return 16;
  }
  return 0;
}

function prefixOf(verb: u32, sharp: bool): string {
  if (verb == 0x4f) return "0o";
  if (!sharp) return "";
  switch (verb) {
    case 0x62: return "0b";
    case 0x6f: return "0";
    case 0x78: return "0x";
    case 0x58: return "0X";
  }
  return "";
}

// [sign][prefix][zeros up to `least` digits][digits], padded with spaces to the width.
function writeDigits(b: usize, sign: u32, prefix: string, least: i32, digits: usize, n: i32): void {
  let t = bufNew(n + 8);
  if (sign) bufByte(t, sign);
  bufAscii(t, prefix);
  for (let i = n; i < least; i++) bufByte(t, 0x30);
  bufBytes(t, digits, n);
  padText(b, bufData(t), bufLen(t), false);
}

function signOf(neg: bool, plus: bool): u32 {
  return neg ? 0x2d : plus ? 0x2b : SPACE ? 0x20 : 0;
}

// Go's fmt: '0' with a width becomes a precision that leaves room for the sign only, and an
// octal prefix is dropped when zero filling already starts the number with 0.
function writeSmall(b: usize, neg: bool, digits: usize, n: i32, verb: u32): void {
  let sign = signOf(neg, PLUS);
  let least = HAS_PREC ? PREC : ZERO && HAS_WIDTH ? WIDTH - (sign ? 1 : 0) : 0;
  let prefix = prefixOf(verb, SHARP);
  if (prefix == "0" && least > n) prefix = "";
  writeDigits(b, sign, prefix, least, digits, n);
}

// big.Int's Format: zero padding fills the width left after sign and prefix.
function writeBig(b: usize, neg: bool, digits: usize, n: i32, verb: u32): void {
  let sign = signOf(neg, PLUS || PLUS_V);
  let prefix = prefixOf(verb, SHARP || SHARP_V);
  let least = HAS_PREC ? PREC : 0;
  if (!HAS_PREC && ZERO && HAS_WIDTH) least = WIDTH - (sign ? 1 : 0) - prefix.length;
  writeDigits(b, sign, prefix, least, digits, n);
}

// %d %v %b %o %O %x %X of an integer given as a bigint; false for any other verb.
export function formatInteger(b: usize, big: usize, verb: u32, isBig: bool): bool {
  let base = baseOf(verb);
  if (base == 0 || (verb == 0x73 && !isBig)) return false;
  let zero = load<i32>(big, 4) == 0;
  if (HAS_PREC && PREC == 0 && zero) {
    padding(b, HAS_WIDTH ? WIDTH : 0, false);
    return true;
  }
  let digits = magnitudeDigits(big, base, verb == 0x58);
  let neg = load<i32>(big) < 0;
  if (isBig) writeBig(b, neg, digits, COUNT, verb);
  else writeSmall(b, neg, digits, COUNT, verb);
  return true;
}

function runeOf(i: i64): u32 {
  let u = <u64>i;
  if (u > MAX_RUNE || (u >= 0xd800 && u <= 0xdfff)) return RUNE_ERROR;
  return <u32>u;
}

function writeChar(b: usize, r: u32): void {
  let t = alloc(4);
  padText(b, t, encodeAt(t, r), true);
}

function writeQuotedRune(b: usize, r: u32): void {
  let t = bufNew(16);
  quoteRune(t, r, PLUS);
  padText(b, bufData(t), bufLen(t), true);
}

// U+0041, at least 4 hex digits (more with a precision); '#' appends the printable rune.
function writeUnicode(b: usize, i: i64): void {
  let u = <u64>i;
  let t = bufNew(32);
  bufAscii(t, "U+");
  let digits = 1;
  while (digits < 16 && (u >> (<u64>digits << 2)) != 0) digits++;
  let least = HAS_PREC && PREC > 4 ? PREC : 4;
  for (let k = digits; k < least; k++) bufByte(t, 0x30);
  upperHex(t, u, digits);
  if (SHARP && u <= MAX_RUNE && isPrintRune(<u32>u)) {
    bufAscii(t, " '");
    let p = alloc(4);
    bufBytes(t, p, encodeAt(p, <u32>u));
    bufByte(t, 0x27);
  }
  padText(b, bufData(t), bufLen(t), false);
}

function upperHex(t: usize, u: u64, digits: i32): void {
  for (let k = digits - 1; k >= 0; k--) {
    let d = <u32>((u >> (<u64>k << 2)) & 15);
    bufByte(t, d < 10 ? 0x30 + d : 0x37 + d);
  }
}

// Every integer verb for a value that fits i64; false for verbs integers do not have.
export function formatI64(b: usize, i: i64, verb: u32): bool {
  switch (verb) {
    case 0x63: writeChar(b, runeOf(i)); return true;
    case 0x71: writeQuotedRune(b, runeOf(i)); return true;
    case 0x55: writeUnicode(b, i); return true;
  }
  return formatInteger(b, bigFromI64(i), verb, false);
}

// Go's %b %o %d %x of a big.Int: |big|'s digits in `base`, lowercase, '-' before a negative.
export function bigIntText(big: usize, base: i32): usize {
  let d = magnitudeDigits(big, base, false);
  let neg = load<i32>(big) < 0;
  let n = COUNT;
  let out = newString(n + (neg ? 1 : 0));
  let p = strPtr(out);
  if (neg) store<u8>(p++, 0x2d);
  memory.copy(p, d, <usize>n);
  return out;
}
