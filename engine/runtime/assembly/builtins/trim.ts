// trim, trim_left, trim_right (cutsets of code points), trim_prefix, trim_suffix, trim_space.
import { strLen, strPtr } from "../value";
import { decodeAt, DECODED_LEN } from "../utf8";
import { isStr } from "./args";
import { hasPrefix, hasSuffix, slice } from "./text";

function inCutset(c: u32, cut: usize): bool {
  let p = strPtr(cut);
  let end = p + strLen(cut);
  while (p < end) {
    if (decodeAt(p, end) == c) return true;
    p += DECODED_LEN;
  }
  return false;
}

// Unicode White_Space, as Go's unicode.IsSpace.
function isSpace(c: u32): bool {
  if (c == 0x20 || c - 0x09 < 5 || c == 0x85 || c == 0xa0 || c == 0x1680) return true;
  return c - 0x2000 < 11 || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

// cut == 0 trims white space.
function strip(c: u32, cut: usize): bool {
  return cut ? inCutset(c, cut) : isSpace(c);
}

function leftEnd(s: usize, cut: usize): i32 {
  let p = strPtr(s);
  let end = p + strLen(s);
  let q = p;
  while (q < end && strip(decodeAt(q, end), cut)) q += DECODED_LEN;
  return <i32>(q - p);
}

// Start of the trailing run to strip, scanning forward so multi-byte sequences stay whole.
function rightStart(s: usize, from: i32, cut: usize): i32 {
  let p = strPtr(s);
  let end = p + strLen(s);
  let q = p + from;
  let keepEnd = q;
  while (q < end) {
    let c = decodeAt(q, end);
    q += DECODED_LEN;
    if (!strip(c, cut)) keepEnd = q;
  }
  return <i32>(keepEnd - p);
}

export function builtin_trim(s: usize, cut: usize): usize {
  if (!isStr(s) || !isStr(cut)) return 0;
  let from = leftEnd(s, cut);
  return slice(s, from, rightStart(s, from, cut));
}

export function builtin_trim_left(s: usize, cut: usize): usize {
  if (!isStr(s) || !isStr(cut)) return 0;
  return slice(s, leftEnd(s, cut), strLen(s));
}

export function builtin_trim_right(s: usize, cut: usize): usize {
  if (!isStr(s) || !isStr(cut)) return 0;
  return slice(s, 0, rightStart(s, 0, cut));
}

export function builtin_trim_space(s: usize): usize {
  if (!isStr(s)) return 0;
  let from = leftEnd(s, 0);
  return slice(s, from, rightStart(s, from, 0));
}

export function builtin_trim_prefix(s: usize, p: usize): usize {
  if (!isStr(s) || !isStr(p)) return 0;
  return hasPrefix(s, p) ? slice(s, strLen(p), strLen(s)) : s;
}

export function builtin_trim_suffix(s: usize, p: usize): usize {
  if (!isStr(s) || !isStr(p)) return 0;
  return hasSuffix(s, p) ? slice(s, 0, strLen(s) - strLen(p)) : s;
}
