// Parser for the part of RE2's syntax (as Go's regexp/syntax reads it with Perl flags) that the
// native engine runs. Anything outside it, or anything RE2 would reject, is reported as
// unsupported, and the call goes to the host (re2js), which gives the authoritative answer.
// Node layout (16 bytes): kind at +0, then three operands a, b, c.
import { alloc } from "../alloc";
import { decodeStrict, WIDTH } from "./decode";
import { ilistNew, ilistPush, ilistLen, ilistAt } from "./ilist";

export const N_EMPTY = 0;
export const N_LIT = 1;      // a: code point, b: 1 when ASCII case-folded
export const N_CLASS = 2;    // a: range list (lo, hi pairs), b: 1 when negated
export const N_ANY = 3;      // a: 1 when it matches \n too
export const N_ASSERT = 4;   // a: A_* kind
export const N_CAT = 5;      // a: child list
export const N_ALT = 6;      // a: child list
export const N_REP = 7;      // a: child, b: min, c: max (-1: unbounded)

export const A_BEGIN_TEXT = 0;
export const A_END_TEXT = 1;
export const A_BEGIN_LINE = 2;
export const A_END_LINE = 3;
export const A_WORD = 4;
export const A_NOT_WORD = 5;

const F_FOLD = 1;
const F_MULTILINE = 2;
const F_DOTNL = 4;

const MAX_REPEAT = 1000;
const MAX_DEPTH = 100;

let P: usize = 0;
let END: usize = 0;
let at: usize = 0;
let flags = 0;
let bad = false;
// Set when case folding applies anywhere: RE2 folds k and s with non-ASCII letters, so the
// matchers hand subjects of such a pattern holding those letters to the host (decode.ts).
export let FOLD_USED = false;

export function node(kind: i32, a: i32, b: i32, c: i32): usize {
  let n = alloc(16);
  store<i32>(n, kind);
  store<i32>(n, a, 4);
  store<i32>(n, b, 8);
  store<i32>(n, c, 12);
  return n;
}

@inline export function kindOf(n: usize): i32 { return load<i32>(n); }
@inline export function opA(n: usize): i32 { return load<i32>(n, 4); }
@inline export function opB(n: usize): i32 { return load<i32>(n, 8); }
@inline export function opC(n: usize): i32 { return load<i32>(n, 12); }

// The syntax tree of the pattern's bytes, or 0 when unsupported.
export function parsePattern(p: usize, n: i32): usize {
  P = p;
  END = p + <usize>n;
  at = p;
  flags = 0;
  bad = false;
  FOLD_USED = false;
  let tree = parseAlt(0);
  if (bad || at != END) return 0;
  return tree;
}

@inline function peek(): i32 {
  return at < END ? <i32>load<u8>(at) : -1;
}

function unsupported(): usize {
  bad = true;
  return 0;
}

function parseAlt(depth: i32): usize {
  if (depth > MAX_DEPTH) return unsupported();
  let branches = ilistNew(4);
  while (true) {
    ilistPush(branches, <i32>parseConcat(depth));
    if (bad) return 0;
    if (peek() != 0x7c) break;
    at++;
  }
  return ilistLen(branches) == 1 ? <usize>ilistAt(branches, 0) : node(N_ALT, <i32>branches, 0, 0);
}

function parseConcat(depth: i32): usize {
  let items = ilistNew(8);
  // Whether the last item may take a repetition operator (RE2 rejects `**` and a missing operand).
  let repeatable = false;
  while (at < END && !bad) {
    let c = peek();
    if (c == 0x7c || c == 0x29) break;
    if (c == 0x2a || c == 0x2b || c == 0x3f || (c == 0x7b && repeatAhead())) {
      if (!repeatable) return unsupported();
      let last = ilistLen(items) - 1;
      let rep = parseRepeat(<usize>ilistAt(items, last));
      if (!rep) return 0;
      store<i32>(load<usize>(items, 8) + (<usize>last << 2), <i32>rep);
      repeatable = false;
      continue;
    }
    let item = parseAtom(depth);
    if (bad) return 0;
    if (!item) {
      repeatable = false; // a flag group such as (?i) sets flags and yields nothing
      continue;
    }
    ilistPush(items, <i32>item);
    repeatable = kindOf(item) != N_ASSERT;
  }
  if (ilistLen(items) == 0) return node(N_EMPTY, 0, 0, 0);
  return ilistLen(items) == 1 ? <usize>ilistAt(items, 0) : node(N_CAT, <i32>items, 0, 0);
}

// Whether a well-formed {n}, {n,} or {n,m} starts here; otherwise `{` is a literal, as in Go.
function repeatAhead(): bool {
  let q = at + 1;
  let digits = 0;
  while (q < END && isDigit(load<u8>(q))) { q++; digits++; }
  if (!digits || q >= END) return false;
  if (load<u8>(q) == 0x2c) {
    q++;
    while (q < END && isDigit(load<u8>(q))) q++;
  }
  return q < END && load<u8>(q) == 0x7d;
}

@inline function isDigit(c: u8): bool {
  return c >= 0x30 && c <= 0x39;
}

function readInt(): i32 {
  let v = 0;
  while (at < END && isDigit(load<u8>(at))) {
    if (v <= MAX_REPEAT) v = v * 10 + <i32>(load<u8>(at) - 0x30);
    at++;
  }
  return v;
}

function parseRepeat(item: usize): usize {
  let c = peek();
  at++;
  let min = 0;
  let max = -1;
  if (c == 0x2b) min = 1;
  else if (c == 0x3f) max = 1;
  else if (c == 0x7b) {
    min = readInt();
    max = min;
    if (peek() == 0x2c) {
      at++;
      max = peek() == 0x7d ? -1 : readInt();
    }
    at++; // the closing brace, checked by repeatAhead
    if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) return unsupported();
  }
  if (peek() == 0x3f) at++; // non-greedy: the same language, so the same answer to "does it match"
  return node(N_REP, <i32>item, min, max);
}

function parseAtom(depth: i32): usize {
  let c = peek();
  if (c == 0x28) return parseGroup(depth);
  if (c == 0x5b) return parseClass();
  if (c == 0x5c) return parseEscape();
  at++;
  if (c == 0x2e) return node(N_ANY, (flags & F_DOTNL) ? 1 : 0, 0, 0);
  if (c == 0x5e) return node(N_ASSERT, (flags & F_MULTILINE) ? A_BEGIN_LINE : A_BEGIN_TEXT, 0, 0);
  if (c == 0x24) return node(N_ASSERT, (flags & F_MULTILINE) ? A_END_LINE : A_END_TEXT, 0, 0);
  at--;
  let cp = decodeStrict(at, END);
  if (!WIDTH) return unsupported();
  at += <usize>WIDTH;
  return literal(cp);
}

function literal(cp: i32): usize {
  if (flags & F_FOLD) {
    if (cp >= 0x80) return unsupported();
    let lower = cp | 0x20;
    if (lower >= 0x61 && lower <= 0x7a) {
      FOLD_USED = true;
      return node(N_LIT, lower, 1, 0);
    }
  }
  return node(N_LIT, cp, 0, 0);
}

function parseGroup(depth: i32): usize {
  at++;
  let saved = flags;
  if (peek() == 0x3f) {
    at++;
    let c = peek();
    // Named groups (duplicate names are errors) and look-behinds are left to the host.
    if (c == 0x50 || c == 0x3c) return unsupported();
    if (!parseFlags()) {
      return 0;
    } else if (peek() == 0x29) {
      at++;
      return 0; // (?flags): they stay in force to the end of the enclosing group
    } else {
      at++; // ':'
    }
  }
  let inner = parseAlt(depth + 1);
  if (bad) return 0;
  if (peek() != 0x29) return unsupported();
  at++;
  flags = saved;
  return inner;
}

export function isWordByte(c: u32): bool {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c == 0x5f;
}

// Flags up to ':' or ')' (left unconsumed): i, m, s, U, with one '-' clearing those after it,
// as re2js reads them (`(?)` is allowed, `(?i-)` is not).
function parseFlags(): bool {
  let negated = false;
  let afterMinus = false;
  while (at < END) {
    let c = peek();
    if (c == 0x3a || c == 0x29) {
      if (negated && !afterMinus) { bad = true; return false; }
      return true;
    }
    let f = 0;
    if (c == 0x69) f = F_FOLD;
    else if (c == 0x6d) f = F_MULTILINE;
    else if (c == 0x73) f = F_DOTNL;
    else if (c == 0x55) f = 0;
    else if (c == 0x2d && !negated) { negated = true; at++; continue; }
    else { bad = true; return false; }
    if (negated) afterMinus = true;
    else if (f == F_FOLD) FOLD_USED = true;
    flags = negated ? flags & ~f : flags | f;
    at++;
  }
  bad = true;
  return false;
}

// Escapes outside a class: Perl classes, assertions, or one character.
function parseEscape(): usize {
  at++;
  let c = peek();
  if (c < 0) return unsupported();
  let perl = perlClass(c);
  if (perl) {
    at++;
    return perl;
  }
  if (c == 0x62 || c == 0x42 || c == 0x41 || c == 0x7a) {
    at++;
    let kind = c == 0x62 ? A_WORD : c == 0x42 ? A_NOT_WORD : c == 0x41 ? A_BEGIN_TEXT : A_END_TEXT;
    return node(N_ASSERT, kind, 0, 0);
  }
  let cp = escapedChar();
  return bad ? 0 : literal(cp);
}

// \a \f \t \n \r \v, \xHH, \x{H...}, or escaped ASCII punctuation; the escape's first byte is at `at`.
function escapedChar(): i32 {
  let c = peek();
  at++;
  if (c == 0x61) return 7;
  if (c == 0x66) return 12;
  if (c == 0x74) return 9;
  if (c == 0x6e) return 10;
  if (c == 0x72) return 13;
  if (c == 0x76) return 11;
  if (c == 0x78) return hexEscape();
  if (c > 0x20 && c < 0x7f && !isWordByte(<u32>c)) return c;
  bad = true;
  return 0;
}

function hexEscape(): i32 {
  if (peek() == 0x7b) {
    at++;
    let v = 0;
    let digits = 0;
    while (peek() != 0x7d) {
      let d = hexDigit(peek());
      if (d < 0 || v > 0x10ffff) { bad = true; return 0; }
      v = v * 16 + d;
      digits++;
      at++;
    }
    at++;
    if (!digits || v > 0x10ffff) { bad = true; return 0; }
    return v;
  }
  let hi = hexDigit(peek());
  if (hi >= 0) at++;
  let lo = hexDigit(peek());
  if (hi < 0 || lo < 0) { bad = true; return 0; }
  at++;
  return hi * 16 + lo;
}

function hexDigit(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  let l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

// \d \s \w and their negations as class nodes; 0 for any other letter.
function perlClass(c: i32): usize {
  let lower = c | 0x20;
  if (lower != 0x64 && lower != 0x73 && lower != 0x77) return 0;
  let negated = c != lower;
  if (negated && (flags & F_FOLD)) return unsupported();
  let ranges = ilistNew(8);
  addPerl(ranges, lower);
  return node(N_CLASS, <i32>ranges, negated ? 1 : 0, 0);
}

function addPerl(ranges: usize, lower: i32): void {
  if (lower == 0x64) { pair(ranges, 0x30, 0x39); return; }
  if (lower == 0x73) { pair(ranges, 9, 10); pair(ranges, 12, 13); pair(ranges, 32, 32); return; }
  pair(ranges, 0x30, 0x39); pair(ranges, 0x41, 0x5a); pair(ranges, 0x5f, 0x5f); pair(ranges, 0x61, 0x7a);
}

// The complement of a Perl class, for \D \S \W inside brackets.
function addPerlNegated(ranges: usize, lower: i32): void {
  if (lower == 0x64) { pair(ranges, 0, 0x2f); pair(ranges, 0x3a, 0x10ffff); return; }
  if (lower == 0x73) { pair(ranges, 0, 8); pair(ranges, 11, 11); pair(ranges, 14, 31); pair(ranges, 33, 0x10ffff); return; }
  pair(ranges, 0, 0x2f); pair(ranges, 0x3a, 0x40); pair(ranges, 0x5b, 0x5e); pair(ranges, 0x60, 0x60);
  pair(ranges, 0x7b, 0x10ffff);
}

function pair(ranges: usize, lo: i32, hi: i32): void {
  ilistPush(ranges, lo);
  ilistPush(ranges, hi);
}

// [...]: ranges, escapes and Perl classes; POSIX classes and Unicode classes are the host's.
function parseClass(): usize {
  at++;
  let negated = false;
  if (peek() == 0x5e) { negated = true; at++; }
  let ranges = ilistNew(8);
  let first = true;
  while (true) {
    let c = peek();
    if (c < 0) return unsupported();
    if (c == 0x5d && !first) break;
    first = false;
    if (c == 0x5b) return unsupported();
    if (c == 0x5c) {
      let e = at + 1 < END ? <i32>load<u8>(at + 1) : -1;
      let lower = e | 0x20;
      if (lower == 0x64 || lower == 0x73 || lower == 0x77) {
        if ((flags & F_FOLD) && e != lower) return unsupported();
        at += 2;
        if (e == lower) addPerl(ranges, lower);
        else addPerlNegated(ranges, lower);
        continue;
      }
    }
    let lo = classChar();
    if (bad) return 0;
    let hi = lo;
    if (peek() == 0x2d && at + 1 < END && load<u8>(at + 1) != 0x5d) {
      at++;
      hi = classChar();
      if (bad) return 0;
      if (hi < lo) return unsupported();
    }
    pair(ranges, lo, hi);
  }
  at++;
  if (flags & F_FOLD) {
    if (negated) return unsupported();
    if (!foldRanges(ranges)) return unsupported();
  }
  return node(N_CLASS, <i32>ranges, negated ? 1 : 0, 0);
}

function classChar(): i32 {
  let c = peek();
  if (c == 0x5c) {
    at++;
    return escapedChar();
  }
  let cp = decodeStrict(at, END);
  if (!WIDTH) { bad = true; return 0; }
  at += <usize>WIDTH;
  return cp;
}

// Adds the other ASCII case of every letter in the ranges; false when a range leaves ASCII.
function foldRanges(ranges: usize): bool {
  let n = ilistLen(ranges);
  for (let i = 0; i < n; i += 2) {
    let lo = ilistAt(ranges, i);
    let hi = ilistAt(ranges, i + 1);
    if (hi >= 0x80) return false;
    foldSpan(ranges, lo, hi, 0x41, 0x5a, 0x20);
    foldSpan(ranges, lo, hi, 0x61, 0x7a, -0x20);
  }
  FOLD_USED = true;
  return true;
}

function foldSpan(ranges: usize, lo: i32, hi: i32, from: i32, to: i32, shift: i32): void {
  let a = max(lo, from);
  let b = min(hi, to);
  if (a <= b) pair(ranges, a + shift, b + shift);
}
