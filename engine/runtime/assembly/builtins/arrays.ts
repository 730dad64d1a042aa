// array.concat, array.slice, array.reverse.
import { colLen } from "../value";
import { opa_array_with_cap, opa_array_append, arrAt } from "../array";
import { isArr, isIntArg, intArgValue } from "./args";
import { typeError } from "./failure";
import { ARRAY } from "./reasons";

function appendRange(out: usize, a: usize, from: i32, to: i32): void {
  for (let i = from; i < to; i++) opa_array_append(out, arrAt(a, i));
}

export function builtin_array_concat(a: usize, b: usize): usize {
  if (!isArr(a)) return typeError(1, ARRAY, a);
  if (!isArr(b)) return typeError(2, ARRAY, b);
  let out = opa_array_with_cap(colLen(a) + colLen(b));
  appendRange(out, a, 0, colLen(a));
  appendRange(out, b, 0, colLen(b));
  return out;
}

// Indexes are clamped to the array; an empty range gives [].
export function builtin_array_slice(a: usize, start: usize, stop: usize): usize {
  if (!isArr(a) || !isIntArg(start)) return 0;
  let from = intArgValue();
  if (!isIntArg(stop)) return 0;
  let to = intArgValue();
  let n = <i64>colLen(a);
  if (from < 0) from = 0;
  if (to > n) to = n;
  if (from >= to) return opa_array_with_cap(0);
  let out = opa_array_with_cap(<i32>(to - from));
  appendRange(out, a, <i32>from, <i32>to);
  return out;
}

export function builtin_array_reverse(a: usize): usize {
  if (!isArr(a)) return typeError(1, ARRAY, a);
  let n = colLen(a);
  let out = opa_array_with_cap(n);
  for (let i = n - 1; i >= 0; i--) opa_array_append(out, arrAt(a, i));
  return out;
}
