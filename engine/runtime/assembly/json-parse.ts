// Parser for JSON and for Rego value syntax (JSON plus sets `{1, 2}` / `set()` and objects
// with non-string keys). Returns 0 on any syntax error. Strings without escapes and number
// text point into the source bytes, which stay below the heap pointer for the value's life.
import { alloc } from "./alloc";
import { opa_null, opa_boolean, opa_string } from "./value";
import { numberFromText } from "./number";
import { opa_array, opa_array_append } from "./array";
import { opa_object, opa_object_insert } from "./object";
import { opa_set, opa_set_add } from "./set";
import { isUnsettled, settle } from "./settle";
import { encodeAt } from "./utf8";
import { BACKSLASHES, QUOTES, hasByte, hasLess } from "./swar";

let pos: usize = 0;
let end: usize = 0;
let rego = false;
let failed = false;

function bad(): usize {
  failed = true;
  return 0;
}

// JSON.stringify writes no whitespace, so the usual case is one byte above space.
@inline function skipSpace(): void {
  if (pos < end && load<u8>(pos) > 0x20) return;
  skipSpaceLoop();
}

function skipSpaceLoop(): void {
  while (pos < end) {
    let c = load<u8>(pos);
    if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) return;
    pos++;
  }
}

@inline function peek(): u32 {
  return pos < end ? <u32>load<u8>(pos) : 0xffffffff;
}

// The four bytes of a word ("null", "true", "fals") as one little-endian load reads them.
@inline function word4(a: u32, b: u32, c: u32, d: u32): u32 {
  return a | (b << 8) | (c << 16) | (d << 24);
}

function expectWord(w: string): bool {
  let n = w.length;
  if (pos + n > end) return false;
  for (let i = 0; i < n; i++) {
    if (<u32>load<u8>(pos + i) != <u32>w.charCodeAt(i)) return false;
  }
  pos += n;
  return true;
}

function digitsFrom(p: usize): usize {
  while (p < end && <u32>(load<u8>(p) - 0x30) <= 9) p++;
  return p;
}

function parseNumber(): usize {
  let start = pos;
  let p = pos;
  if (p < end && load<u8>(p) == 0x2d) p++;
  if (p >= end) return bad();
  if (load<u8>(p) == 0x30) p++;
  else if (<u32>(load<u8>(p) - 0x31) <= 8) p = digitsFrom(p);
  else return bad();
  if (p < end && load<u8>(p) == 0x2e) {
    let q = digitsFrom(p + 1);
    if (q == p + 1) return bad();
    p = q;
  }
  if (p < end && (load<u8>(p) | 0x20) == 0x65) {
    p++;
    if (p < end && (load<u8>(p) == 0x2b || load<u8>(p) == 0x2d)) p++;
    let q = digitsFrom(p);
    if (q == p) return bad();
    p = q;
  }
  pos = p;
  return numberFromText(start, <i32>(p - start));
}

function hexDigit(c: u32): i32 {
  if (c - 0x30 <= 9) return <i32>(c - 0x30);
  c |= 0x20;
  if (c - 0x61 <= 5) return <i32>(c - 0x61 + 10);
  return -1;
}

// Reads 4 hex digits at p, or returns -1.
function hex4(p: usize): i32 {
  if (p + 4 > end) return -1;
  let v = 0;
  for (let i = 0; i < 4; i++) {
    let d = hexDigit(load<u8>(p + i));
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}

// Decodes \uXXXX (pos at the 'u'), combining surrogate pairs; lone surrogates become U+FFFD
// as in Go's encoding/json. Returns -1 on malformed hex.
function unicodeEscape(): i32 {
  let cp = hex4(pos + 1);
  if (cp < 0) return -1;
  pos += 5;
  if (cp < 0xd800 || cp > 0xdfff) return cp;
  if (cp >= 0xdc00) return 0xfffd;
  if (pos + 1 < end && load<u8>(pos) == 0x5c && load<u8>(pos + 1) == 0x75) {
    let lo = hex4(pos + 2);
    if (lo >= 0xdc00 && lo <= 0xdfff) {
      pos += 6;
      return 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    }
  }
  return 0xfffd;
}

function simpleEscape(c: u32): i32 {
  switch (c) {
    case 0x22: return 0x22;
    case 0x5c: return 0x5c;
    case 0x2f: return 0x2f;
    case 0x62: return 0x08;
    case 0x66: return 0x0c;
    case 0x6e: return 0x0a;
    case 0x72: return 0x0d;
    case 0x74: return 0x09;
  }
  return -1;
}

// Slow path for strings with escapes: decodes into a fresh buffer no longer than the source.
function decodeString(start: usize, close: usize): usize {
  let out = alloc(close - start);
  let n = 0;
  pos = start;
  while (pos < close) {
    if (pos + 8 <= close) {
      let w = load<u64>(pos);
      if (!hasByte(w, BACKSLASHES)) {
        store<u64>(out + n, w);
        n += 8;
        pos += 8;
        continue;
      }
    }
    let c = <u32>load<u8>(pos);
    if (c != 0x5c) {
      store<u8>(out + n++, <u8>c);
      pos++;
      continue;
    }
    pos++;
    let e = <u32>load<u8>(pos);
    let cp = e == 0x75 ? unicodeEscape() : simpleEscape(e);
    if (cp < 0) return bad();
    if (e != 0x75) pos++;
    n += encodeAt(out + n, <u32>cp);
  }
  pos = close + 1;
  return opa_string(out, n);
}


// Keys and most values are short and scanned a byte at a time; past SHORT plain bytes a string
// is taken for a text, which runs long between the bytes that matter here (quotes, backslashes,
// control bytes), and scanned eight bytes at a time.
const SHORT = 16;

function parseString(): usize {
  pos++;
  let start = pos;
  let escaped = false;
  let p = pos;
  let plain = 0;
  while (true) {
    if (p >= end) return bad();
    let c = load<u8>(p);
    if (c == 0x22) break;
    if (c < 0x20) return bad();
    if (c == 0x5c) {
      escaped = true;
      p++;
      if (p >= end) return bad();
    } else if (++plain == SHORT) {
      p = plainRun(p + 1);
      plain = 0;
      continue;
    }
    p++;
  }
  if (escaped) return decodeString(start, p);
  pos = p + 1;
  return opa_string(start, <i32>(p - start));
}

// The first position from p of a word holding a quote, a backslash or a control byte.
function plainRun(p: usize): usize {
  while (p + 8 <= end) {
    let w = load<u64>(p);
    if (hasByte(w, QUOTES) || hasByte(w, BACKSLASHES) || hasLess(w, 0x20)) break;
    p += 8;
  }
  return p;
}

// Rego value syntax allows a comma before the closing bracket (`[1, 2,]`, `{"a": 1,}`); JSON does not.
function trailingClose(close: u32): bool {
  if (!rego) return false;
  skipSpace();
  if (peek() != close) return false;
  pos++;
  return true;
}

function parseArray(): usize {
  pos++;
  let arr = opa_array();
  skipSpace();
  if (peek() == 0x5d) {
    pos++;
    return arr;
  }
  while (true) {
    let v = parseValue();
    if (!v) return bad();
    opa_array_append(arr, v);
    skipSpace();
    let c = peek();
    pos++;
    if (c == 0x5d) return arr;
    if (c != 0x2c) return bad();
    if (trailingClose(0x5d)) return arr;
  }
}

// A parsed set or object leaves the parser sorted: parsed data outlives every evaluation, and a
// settle cut short by an exhausted budget must never reach it (settle.ts).
function closed(v: usize): usize {
  if (isUnsettled(v)) settle(v);
  return v;
}

// Elements of a Rego set after its first member has been read.
function parseSetRest(first: usize): usize {
  let set = opa_set();
  opa_set_add(set, first);
  while (true) {
    skipSpace();
    let c = peek();
    pos++;
    if (c == 0x7d) return closed(set);
    if (c != 0x2c) return bad();
    if (trailingClose(0x7d)) return closed(set);
    let v = parseValue();
    if (!v) return bad();
    opa_set_add(set, v);
  }
}

function parseObject(): usize {
  pos++;
  let obj = opa_object();
  skipSpace();
  if (peek() == 0x7d) {
    pos++;
    return obj;
  }
  let first = true;
  while (true) {
    skipSpace();
    if (!rego && peek() != 0x22) return bad();
    let k = parseValue();
    if (!k) return bad();
    skipSpace();
    if (first && rego && peek() != 0x3a) return parseSetRest(k);
    first = false;
    if (peek() != 0x3a) return bad();
    pos++;
    let v = parseValue();
    if (!v) return bad();
    opa_object_insert(obj, k, v);
    skipSpace();
    let c = peek();
    pos++;
    if (c == 0x7d) return closed(obj);
    if (c != 0x2c) return bad();
    if (trailingClose(0x7d)) return closed(obj);
  }
}

function parseValue(): usize {
  skipSpace();
  let c = peek();
  if (c == 0x22) return parseString();
  if (c == 0x7b) return parseObject();
  if (c == 0x5b) return parseArray();
  if (c == 0x2d || c - 0x30 <= 9) return parseNumber();
  if (pos + 4 <= end) {
    let w = load<u32>(pos);
    if (w == word4(0x6e, 0x75, 0x6c, 0x6c)) { pos += 4; return opa_null(); }
    if (w == word4(0x74, 0x72, 0x75, 0x65)) { pos += 4; return opa_boolean(1); }
    if (w == word4(0x66, 0x61, 0x6c, 0x73) && pos + 5 <= end && load<u8>(pos + 4) == 0x65) { pos += 5; return opa_boolean(0); }
  }
  if (rego && expectWord("set()")) return opa_set();
  return bad();
}

function parseDocument(p: usize, len: i32, regoSyntax: bool): usize {
  pos = p;
  end = p + <usize>len;
  rego = regoSyntax;
  failed = false;
  let v = parseValue();
  skipSpace();
  if (failed || !v || pos != end) return 0;
  return v;
}

export function opa_json_parse(p: usize, len: i32): usize {
  return parseDocument(p, len, false);
}

export function opa_value_parse(p: usize, len: i32): usize {
  return parseDocument(p, len, true);
}
