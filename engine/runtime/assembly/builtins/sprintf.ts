// sprintf(format, args): Go's fmt.Sprintf applied to Rego values the way OPA converts them.
// OPA hands Go an int for integer numbers that fit, a *big.Int for larger integers, a float64
// for numbers written with a fraction or exponent (their text when out of float64 range), the
// string itself for strings, and the term's text (`[1, "a"]`) for everything else. Misuse is
// reported inline as Go does: %!d(string=a), %!v(MISSING), %!(EXTRA int=1), %!(NOVERB),
// %!v(BADINDEX), %!(BADWIDTH), %!(BADPREC).
import { T_NUMBER, T_STRING, colLen, stringOf, strLen, strPtr, typeOf } from "../value";
import { isText, numF64, numInt, numToI64, textLen, textPtr } from "../number";
import { bigDigits, bigOf, DIGITS_LEN } from "../bigint";
import { arrAt } from "../array";
import { bufAdvance, bufAscii, bufByte, bufBytes, bufNew, bufReserve, bufToString } from "../buf";
import { decodeRune, RUNE_LEN } from "../go-quote";
import { encodeAt } from "../utf8";
import { termText } from "../format-value";
import { isArr, isStr } from "./args";
import { clearSpec, setFlag, setPrec, setWidth, useVerbV } from "./fmt-spec";
import { formatI64, formatInteger } from "./fmt-int";
import { formatFloat } from "./fmt-float";
import { formatString } from "./fmt-string";

const K_INT = 0;
const K_BIG = 1;
const K_FLOAT = 2;
const K_STR = 3;

// Go rejects widths and precisions beyond a million.
const TOO_LARGE = 1000000;

let FMT: usize = 0;
let END: usize = 0;
let POS: usize = 0;
let ARGS: usize = 0;
let NARGS = 0;
let ARG = 0;
let REORDERED = false;
let GOOD_ARG = true;

// Only the text decides whether a number is a float, as in OPA: 1.0 is a float, 1 is not.
function hasFloatSyntax(p: usize, n: i32): bool {
  for (let i = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c == 0x2e || (c | 0x20) == 0x65) return true;
  }
  return false;
}

// For K_INT the value is left in numInt().
function kindOf(v: usize): i32 {
  if (typeOf(v) != T_NUMBER) return K_STR;
  if (isText(v) && hasFloatSyntax(textPtr(v), textLen(v))) return isFinite(numF64(v)) ? K_FLOAT : K_STR;
  if (numToI64(v)) return K_INT;
  return isText(v) ? K_BIG : K_FLOAT;
}

// What Go receives as a string: the string itself, out-of-range number text, or term text.
function stringArg(v: usize): usize {
  return typeOf(v) == T_STRING ? v : termText(v);
}

function typeName(kind: i32): string {
  switch (kind) {
    case K_INT: return "int";
    case K_BIG: return "*big.Int";
    case K_FLOAT: return "float64";
  }
  return "string";
}

function writeRune(b: usize, r: u32): void {
  bufAdvance(b, encodeAt(bufReserve(b, 4), r));
}

// big.Int reports verbs it lacks itself, without flags: %!c(big.Int=123).
function badBigVerb(b: usize, big: usize, verb: u32): void {
  bufAscii(b, "%!");
  writeRune(b, verb);
  bufAscii(b, "(big.Int=");
  if (load<i32>(big) < 0) bufByte(b, 0x2d);
  let d = bigDigits(big);
  bufBytes(b, d, DIGITS_LEN);
  bufByte(b, 0x29);
}

function badVerb(b: usize, v: usize, kind: i32, verb: u32): void {
  bufAscii(b, "%!");
  writeRune(b, verb);
  bufByte(b, 0x28);
  bufAscii(b, typeName(kind));
  bufByte(b, 0x3d);
  printArg(b, v, 0x76);
  bufByte(b, 0x29);
}

// %T prints the Go type OPA converted the value to.
function printType(b: usize, kind: i32): void {
  let t = stringOf(typeName(kind));
  formatString(b, strPtr(t), strLen(t), 0x73);
}

function printArg(b: usize, v: usize, verb: u32): void {
  let kind = kindOf(v);
  let ok = true;
  if (verb == 0x54) {
    printType(b, kind);
  } else if (kind == K_INT) {
    ok = formatI64(b, numInt(), verb);
  } else if (kind == K_BIG) {
    let big = bigOf(v);
    if (!formatInteger(b, big, verb, true)) badBigVerb(b, big, verb);
  } else if (kind == K_FLOAT) {
    ok = formatFloat(b, numF64(v), verb);
  } else {
    let s = stringArg(v);
    ok = formatString(b, strPtr(s), strLen(s), verb);
  }
  if (!ok) badVerb(b, v, kind, verb);
}

@inline function at(p: usize): u32 {
  return <u32>load<u8>(p);
}

// Decimal digits at POS; NUM_OK says whether there were any. Absurdly long numbers end the
// directive parse (Go jumps to the end of the format).
let NUM_OK = false;
function number(): i32 {
  let n = 0;
  NUM_OK = false;
  while (POS < END && at(POS) - 0x30 <= 9) {
    if (n > TOO_LARGE) {
      POS = END;
      NUM_OK = false;
      return 0;
    }
    n = n * 10 + <i32>(at(POS++) - 0x30);
    NUM_OK = true;
  }
  return n;
}

// An explicit argument index [n]; true when one was found and parsed.
function argIndex(): bool {
  if (POS >= END || at(POS) != 0x5b) return false;
  REORDERED = true;
  let close = POS + 1;
  while (close < END && at(close) != 0x5d) close++;
  if (close >= END) {
    GOOD_ARG = false;
    POS++;
    return false;
  }
  POS++;
  let n = number();
  let ok = NUM_OK && POS == close;
  POS = close + 1;
  if (ok && n >= 1 && n <= NARGS) {
    ARG = n - 1;
    return true;
  }
  GOOD_ARG = false;
  return ok;
}

// A '*' takes the next argument, which must be an int of sensible size.
function starArg(): bool {
  if (ARG >= NARGS) return false;
  if (kindOf(arrAt(ARGS, ARG++)) != K_INT) return false;
  let n = numInt();
  return n >= -TOO_LARGE && n <= TOO_LARGE;
}

function widthPart(b: usize, indexed: bool): bool {
  if (POS < END && at(POS) == 0x2a) {
    POS++;
    if (starArg()) setWidth(<i32>numInt());
    else bufAscii(b, "%!(BADWIDTH)");
    return false;
  }
  let w = number();
  if (NUM_OK) {
    setWidth(w);
    if (indexed) GOOD_ARG = false;
  }
  return indexed;
}

function precisionPart(b: usize, indexed: bool): bool {
  if (!(POS + 1 < END && at(POS) == 0x2e)) return indexed;
  POS++;
  if (indexed) GOOD_ARG = false;
  indexed = argIndex();
  if (POS < END && at(POS) == 0x2a) {
    POS++;
    let ok = starArg() && numInt() >= 0;
    if (ok) setPrec(<i32>numInt());
    else bufAscii(b, "%!(BADPREC)");
    return false;
  }
  let p = number();
  setPrec(NUM_OK ? p : 0);
  return indexed;
}

function verbError(b: usize, verb: u32, what: string): void {
  bufAscii(b, "%!");
  writeRune(b, verb);
  bufAscii(b, what);
}

// One directive after its '%'; false when the format ends without a verb.
function directive(b: usize): bool {
  clearSpec();
  GOOD_ARG = true;
  while (POS < END && setFlag(at(POS))) POS++;
  let indexed = argIndex();
  indexed = widthPart(b, indexed);
  indexed = precisionPart(b, indexed);
  if (!indexed) argIndex();
  if (POS >= END) {
    bufAscii(b, "%!(NOVERB)");
    return false;
  }
  let verb = decodeRune(POS, END);
  POS += RUNE_LEN;
  if (verb == 0x25) bufByte(b, 0x25);
  else if (!GOOD_ARG) verbError(b, verb, "(BADINDEX)");
  else if (ARG >= NARGS) verbError(b, verb, "(MISSING)");
  else {
    if (verb == 0x76) useVerbV();
    printArg(b, arrAt(ARGS, ARG++), verb);
  }
  return true;
}

function extraArgs(b: usize): void {
  clearSpec();
  bufAscii(b, "%!(EXTRA ");
  for (let i = ARG; i < NARGS; i++) {
    if (i > ARG) bufAscii(b, ", ");
    let v = arrAt(ARGS, i);
    bufAscii(b, typeName(kindOf(v)));
    bufByte(b, 0x3d);
    printArg(b, v, 0x76);
  }
  bufByte(b, 0x29);
}

export function builtin_sprintf(format: usize, args: usize): usize {
  if (!isStr(format) || !isArr(args)) return 0;
  FMT = strPtr(format);
  END = FMT + <usize>strLen(format);
  POS = FMT;
  ARGS = args;
  NARGS = colLen(args);
  ARG = 0;
  REORDERED = false;
  let b = bufNew(strLen(format) + 16);
  while (POS < END) {
    let start = POS;
    while (POS < END && at(POS) != 0x25) POS++;
    bufBytes(b, start, <i32>(POS - start));
    if (POS >= END) break;
    POS++;
    if (!directive(b)) break;
  }
  if (!REORDERED && ARG < NARGS) extraArgs(b);
  return bufToString(b);
}
