// Byte-level helpers for the string builtins. Substrings point into their source string.
import { opa_string, strLen, strPtr } from "../value";
import { cmpBytes } from "../compare";

export function slice(s: usize, from: i32, to: i32): usize {
  return opa_string(strPtr(s) + from, to - from);
}

// Byte offset of the first occurrence of needle in hay at or after `from`, or -1.
export function findFrom(hay: usize, needle: usize, from: i32): i32 {
  let hp = strPtr(hay);
  let np = strPtr(needle);
  let nn = strLen(needle);
  let last = strLen(hay) - nn;
  for (let i = from; i <= last; i++) {
    if (cmpBytes(hp + i, nn, np, nn) == 0) return i;
  }
  return -1;
}

export function hasPrefix(s: usize, p: usize): bool {
  let n = strLen(p);
  return n <= strLen(s) && cmpBytes(strPtr(s), n, strPtr(p), n) == 0;
}

export function hasSuffix(s: usize, p: usize): bool {
  let n = strLen(p);
  let at = strLen(s) - n;
  return at >= 0 && cmpBytes(strPtr(s) + at, n, strPtr(p), n) == 0;
}
