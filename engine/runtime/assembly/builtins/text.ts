// Byte-level helpers for the string builtins. Substrings point into their source string.
import { opa_string, strLen, strPtr } from "../value";
import { cmpBytes } from "../compare";
import { ONES, skipWords } from "../swar";

export function slice(s: usize, from: i32, to: i32): usize {
  return opa_string(strPtr(s) + from, to - from);
}

// Byte offset of the first occurrence of needle in hay at or after `from`, or -1. Positions
// whose byte is not the needle's first are passed over a word at a time (policies ask contains()
// of whole tool answers: comparing at every byte cost 5 ns a byte there); only the others compare.
export function findFrom(hay: usize, needle: usize, from: i32): i32 {
  let hp = strPtr(hay);
  let np = strPtr(needle);
  let nn = strLen(needle);
  let last = strLen(hay) - nn;
  if (nn == 0) return from <= last ? from : -1;
  let first = load<u8>(np);
  let firsts = <u64>first * ONES;
  let i = from;
  while (i <= last) {
    i = skipWords(hp, i, last + 1, firsts, firsts, 0);
    if (i > last) break;
    if (load<u8>(hp + <usize>i) == first && cmpBytes(hp + <usize>i + 1, nn - 1, np + 1, nn - 1) == 0) return i;
    i++;
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
