// Decimal digits of |f| for printf-style layouts: value = 0.D1D2..Dn x 10^DIGITS_POINT, with
// DIGITS_COUNT digits and no trailing zeros; zero has no digits and point 0. Three flavours:
// shortest round-tripping, rounded to n significant digits, rounded to n fractional digits.
// Rounding is exact, half to even on exact ties, as Go's strconv does.
import { alloc } from "./alloc";
import { exactDigits, formatF64, roundTo, POINT } from "./float-format";
import { DIGITS_LEN } from "./bigint";

export let DIGITS_COUNT: i32 = 0;
export let DIGITS_POINT: i32 = 0;

function none(): usize {
  DIGITS_COUNT = 0;
  DIGITS_POINT = 0;
  return 0;
}

// Reads digits and exponent back out of formatF64's text (plain or d.ddde±x layout).
export function shortestDigits(f: f64): usize {
  if (f == 0) return none();
  let text = alloc(32);
  let n = formatF64(Math.abs(f), text);
  let out = alloc(24);
  let count = 0;
  let point = 0;
  let seenPoint = false;
  let i = 0;
  for (; i < n; i++) {
    let c = load<u8>(text + i);
    if (c == 0x2e) { seenPoint = true; continue; }
    if (c == 0x65) break;
    if (count == 0 && c == 0x30) { if (seenPoint) point--; continue; }
    store<u8>(out + count++, c);
    if (!seenPoint) point++;
  }
  if (i < n) point += exponentAt(text + i + 1, n - i - 1);
  while (count > 0 && load<u8>(out + count - 1) == 0x30) count--;
  DIGITS_COUNT = count;
  DIGITS_POINT = point;
  return out;
}

// Signed decimal exponent text ("+21", "-7").
function exponentAt(p: usize, n: i32): i32 {
  let e = 0;
  for (let i = 1; i < n; i++) e = e * 10 + <i32>(load<u8>(p + i) - 0x30);
  return load<u8>(p) == 0x2d ? -e : e;
}

// Rounded to `sig` (>= 1) significant digits.
export function significantDigits(f: f64, sig: i32): usize {
  if (f == 0) return none();
  let exact = exactDigits(Math.abs(f));
  let n = DIGITS_LEN;
  let out = alloc(<usize>sig + 1);
  DIGITS_COUNT = roundTo(exact, n, sig, out);
  DIGITS_POINT = POINT;
  return out;
}

// Rounded to `frac` (>= 0) digits after the decimal point.
export function fractionDigits(f: f64, frac: i32): usize {
  if (f == 0) return none();
  let exact = exactDigits(Math.abs(f));
  let n = DIGITS_LEN;
  let keep = POINT + frac;
  if (keep >= 1) {
    let out = alloc(<usize>min(keep, n) + 1);
    DIGITS_COUNT = roundTo(exact, n, min(keep, n), out);
    DIGITS_POINT = POINT;
    return out;
  }
  // Nothing survives but a possible carry into the first kept position.
  if (keep < 0 || !aboveHalf(exact, n)) return none();
  let one = alloc(1);
  store<u8>(one, 0x31);
  DIGITS_COUNT = 1;
  DIGITS_POINT = POINT + 1;
  return one;
}

// True when 0.D > 0.5 (an exact half rounds to the even zero).
function aboveHalf(d: usize, n: i32): bool {
  let first = load<u8>(d);
  if (first != 0x35) return first > 0x35;
  for (let i = 1; i < n; i++) if (load<u8>(d + i) != 0x30) return true;
  return false;
}
