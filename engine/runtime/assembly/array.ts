// Arrays: 4-byte slots holding value pointers.
import { T_ARRAY, colData, colLen } from "./value";
import { newCollection, openSlot } from "./vec";

export function opa_array(): usize {
  return newCollection(T_ARRAY, 0, 4);
}

export function opa_array_with_cap(n: i32): usize {
  return newCollection(T_ARRAY, n > 0 ? n : 0, 4);
}

export function opa_array_append(arr: usize, v: usize): void {
  store<usize>(openSlot(arr, colLen(arr), 4), v);
}

// A new array of an array's or a set's members, in their order (a set's is sorted).
export function arrayOfMembers(col: usize): usize {
  let n = colLen(col);
  let out = opa_array_with_cap(n);
  for (let i = 0; i < n; i++) opa_array_append(out, arrAt(col, i));
  return out;
}

@inline export function arrAt(arr: usize, i: i32): usize {
  return load<usize>(colData(arr) + (<usize>i << 2));
}
