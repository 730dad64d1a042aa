// concat, contains, startswith, endswith, indexof, substring, strings.reverse, split, replace.
import { colLen, newString, opa_boolean, strLen, strPtr } from "../value";
import { opa_number_int } from "../number";
import { opa_array, opa_array_append, arrAt } from "../array";
import { bufNew, bufBytes, bufToString } from "../buf";
import { byteOffsetOf, countCodePoints, seqLen } from "../utf8";
import { isArrOrSet, isIntArg, intArgValue, isStr } from "./args";
import { findFrom, hasPrefix, hasSuffix, slice } from "./text";
import { builtinError, typeError } from "./failure";
import { NEGATIVE_OFFSET, STRING } from "./reasons";

export function builtin_concat(delim: usize, coll: usize): usize {
  if (!isStr(delim) || !isArrOrSet(coll)) return 0;
  let n = colLen(coll);
  let b = bufNew(64);
  for (let i = 0; i < n; i++) {
    let s = arrAt(coll, i);
    if (!isStr(s)) return 0;
    if (i) bufBytes(b, strPtr(delim), strLen(delim));
    bufBytes(b, strPtr(s), strLen(s));
  }
  return bufToString(b);
}

export function builtin_contains(s: usize, sub: usize): usize {
  if (!isStr(s) || !isStr(sub)) return 0;
  return opa_boolean(findFrom(s, sub, 0) >= 0 ? 1 : 0);
}

export function builtin_startswith(s: usize, p: usize): usize {
  if (!isStr(s) || !isStr(p)) return 0;
  return opa_boolean(hasPrefix(s, p) ? 1 : 0);
}

export function builtin_endswith(s: usize, p: usize): usize {
  if (!isStr(s) || !isStr(p)) return 0;
  return opa_boolean(hasSuffix(s, p) ? 1 : 0);
}

// Index in code points; an empty search string is an error in OPA.
export function builtin_indexof(s: usize, search: usize): usize {
  if (!isStr(s) || !isStr(search) || strLen(search) == 0) return 0;
  let at = findFrom(s, search, 0);
  return opa_number_int(at < 0 ? -1 : countCodePoints(strPtr(s), at));
}

// Offset and length count code points; a negative length runs to the end.
export function builtin_substring(s: usize, offset: usize, length: usize): usize {
  if (!isStr(s) || !isIntArg(offset)) return 0;
  let off = intArgValue();
  if (!isIntArg(length)) return 0;
  if (off < 0) return builtinError(NEGATIVE_OFFSET);
  let len = intArgValue();
  let p = strPtr(s);
  let n = strLen(s);
  let total = countCodePoints(p, n);
  if (off >= total) return slice(s, 0, 0);
  let from = byteOffsetOf(p, n, <i32>off);
  let to = len < 0 || off + len >= total ? n : byteOffsetOf(p, n, <i32>(off + len));
  return slice(s, from, to);
}

export function builtin_strings_reverse(s: usize): usize {
  if (!isStr(s)) return typeError(1, STRING, s);
  let n = strLen(s);
  let p = strPtr(s);
  let out = newString(n);
  let q = strPtr(out) + n;
  let i = 0;
  while (i < n) {
    let k = min(seqLen(load<u8>(p + i)), n - i);
    q -= k;
    memory.copy(q, p + i, <usize>k);
    i += k;
  }
  return out;
}

// An empty delimiter splits into code points (Go's strings.Split).
function splitChars(s: usize): usize {
  let arr = opa_array();
  let n = strLen(s);
  let p = strPtr(s);
  let i = 0;
  while (i < n) {
    let k = min(seqLen(load<u8>(p + i)), n - i);
    opa_array_append(arr, slice(s, i, i + k));
    i += k;
  }
  return arr;
}

export function builtin_split(s: usize, d: usize): usize {
  if (!isStr(s) || !isStr(d)) return 0;
  if (strLen(d) == 0) return splitChars(s);
  let arr = opa_array();
  let start = 0;
  let at = findFrom(s, d, 0);
  while (at >= 0) {
    opa_array_append(arr, slice(s, start, at));
    start = at + strLen(d);
    at = findFrom(s, d, start);
  }
  opa_array_append(arr, slice(s, start, strLen(s)));
  return arr;
}

// An empty `old` inserts `new` around every code point (Go's strings.ReplaceAll).
function insertAround(s: usize, nw: usize): usize {
  let b = bufNew(strLen(s) * 2 + strLen(nw));
  let p = strPtr(s);
  let n = strLen(s);
  let i = 0;
  bufBytes(b, strPtr(nw), strLen(nw));
  while (i < n) {
    let k = min(seqLen(load<u8>(p + i)), n - i);
    bufBytes(b, p + i, k);
    bufBytes(b, strPtr(nw), strLen(nw));
    i += k;
  }
  return bufToString(b);
}

export function builtin_replace(s: usize, old: usize, nw: usize): usize {
  if (!isStr(s) || !isStr(old) || !isStr(nw)) return 0;
  if (strLen(old) == 0) return insertAround(s, nw);
  let b = bufNew(strLen(s) + 16);
  let start = 0;
  let at = findFrom(s, old, 0);
  while (at >= 0) {
    bufBytes(b, strPtr(s) + start, at - start);
    bufBytes(b, strPtr(nw), strLen(nw));
    start = at + strLen(old);
    at = findFrom(s, old, start);
  }
  bufBytes(b, strPtr(s) + start, strLen(s) - start);
  return bufToString(b);
}
