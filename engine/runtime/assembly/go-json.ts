// Values as Go's encoding/json writes them, which is what OPA's json.marshal returns: compact,
// object keys sorted by their bytes, sets as arrays, non-string keys as their own JSON text,
// `<` `>` `&` U+2028 U+2029 escaped as \uXXXX, invalid UTF-8 replaced by \ufffd.
import { T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, colLen, strLen, strPtr, typeOf } from "./value";
import { dumpNumber } from "./json-dump";
import { arrAt } from "./array";
import { objKeyAt, objValAt } from "./object";
import { alloc } from "./alloc";
import { cmpStrings } from "./compare";
import { bufAscii, bufByte, bufBytes, bufNew, bufToString } from "./buf";
import { decodeRune, hexDigits, RUNE_ERROR, RUNE_LEN } from "./go-quote";
import { BACKSLASHES, HIGHS, ONES, QUOTES, hasByte, hasLess } from "./swar";

function shortEscape(c: u32): u32 {
  switch (c) {
    case 0x22: return 0x22;
    case 0x5c: return 0x5c;
    case 0x08: return 0x62;
    case 0x0c: return 0x66;
    case 0x0a: return 0x6e;
    case 0x0d: return 0x72;
    case 0x09: return 0x74;
  }
  return 0;
}

function escapeAscii(b: usize, c: u32): void {
  let short = shortEscape(c);
  bufByte(b, 0x5c);
  if (short) {
    bufByte(b, short);
    return;
  }
  bufAscii(b, "u00");
  hexDigits(b, c, 2);
}

@inline function isPlainAscii(c: u32): bool {
  return c >= 0x20 && c < 0x80 && c != 0x22 && c != 0x5c && c != 0x3c && c != 0x3e && c != 0x26;
}

const LESS_THANS: u64 = 0x3c * ONES;
const GREATER_THANS: u64 = 0x3e * ONES;
const AMPERSANDS: u64 = 0x26 * ONES;

// The first position from p of a word that may hold a byte isPlainAscii refuses: texts are
// mostly such runs, and a word is tested in about the time one byte is.
function plainWords(p: usize, end: usize): usize {
  while (p + 8 <= end) {
    let w = load<u64>(p);
    if ((w & HIGHS) != 0 || hasLess(w, 0x20) || hasByte(w, QUOTES) || hasByte(w, BACKSLASHES)
      || hasByte(w, LESS_THANS) || hasByte(w, GREATER_THANS) || hasByte(w, AMPERSANDS)) break;
    p += 8;
  }
  return p;
}

export function goJsonString(b: usize, p: usize, n: i32): void {
  bufByte(b, 0x22);
  let end = p + <usize>n;
  while (p < end) {
    // Runs of ASCII that needs no escape, most of any text, are copied whole.
    let run = plainWords(p, end);
    while (run < end && isPlainAscii(<u32>load<u8>(run))) run++;
    if (run > p) {
      bufBytes(b, p, <i32>(run - p));
      p = run;
      continue;
    }
    let c = <u32>load<u8>(p);
    if (c < 0x80) {
      escapeAscii(b, c);
      p++;
      continue;
    }
    let r = decodeRune(p, end);
    if ((r == RUNE_ERROR && RUNE_LEN == 1) || r == 0x2028 || r == 0x2029) {
      bufAscii(b, "\\u");
      hexDigits(b, r, 4);
    } else {
      bufBytes(b, p, RUNE_LEN);
    }
    p += RUNE_LEN;
  }
  bufByte(b, 0x22);
}

function writeElements(b: usize, v: usize): void {
  bufByte(b, 0x5b);
  let n = colLen(v);
  for (let i = 0; i < n; i++) {
    if (i) bufByte(b, 0x2c);
    writeGoJson(b, arrAt(v, i));
  }
  bufByte(b, 0x5d);
}

// Key text as a string value: the key itself, or its JSON text for non-string keys.
function keyText(k: usize): usize {
  if (typeOf(k) == T_STRING) return k;
  let t = bufNew(16);
  writeGoJson(t, k);
  return bufToString(t);
}

// Indexes of the pairs ordered by key text; objects store non-string keys in value order.
function keyOrder(keys: usize, n: i32): usize {
  let order = alloc(<usize>n << 2);
  for (let i = 0; i < n; i++) {
    let j = i;
    let k = load<usize>(keys + (<usize>i << 2));
    while (j > 0 && cmpStrings(load<usize>(keys + (<usize>load<i32>(order + (<usize>(j - 1) << 2)) << 2)), k) > 0) {
      store<i32>(order + (<usize>j << 2), load<i32>(order + (<usize>(j - 1) << 2)));
      j--;
    }
    store<i32>(order + (<usize>j << 2), i);
  }
  return order;
}

function writeObject(b: usize, v: usize): void {
  let n = colLen(v);
  let keys = alloc(<usize>n << 2);
  for (let i = 0; i < n; i++) store<usize>(keys + (<usize>i << 2), keyText(objKeyAt(v, i)));
  let order = keyOrder(keys, n);
  bufByte(b, 0x7b);
  for (let i = 0; i < n; i++) {
    let at = load<i32>(order + (<usize>i << 2));
    let k = load<usize>(keys + (<usize>at << 2));
    if (i) bufByte(b, 0x2c);
    goJsonString(b, strPtr(k), strLen(k));
    bufByte(b, 0x3a);
    writeGoJson(b, objValAt(v, at));
  }
  bufByte(b, 0x7d);
}

export function writeGoJson(b: usize, v: usize): void {
  switch (typeOf(v)) {
    case T_NULL: bufAscii(b, "null"); return;
    case T_BOOLEAN: bufAscii(b, load<i32>(v, 4) ? "true" : "false"); return;
    case T_NUMBER: dumpNumber(b, v); return;
    case T_STRING: goJsonString(b, strPtr(v), strLen(v)); return;
    case T_ARRAY: case T_SET: writeElements(b, v); return;
    case T_OBJECT: writeObject(b, v); return;
  }
}
