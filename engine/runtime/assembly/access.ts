// Reading values: lookup, length and iteration, as generated code uses them.
import { T_ARRAY, T_NUMBER, T_OBJECT, T_SET, T_STRING, colLen, strLen, strPtr, typeOf } from "./value";
import { numToI64, numInt, opa_number_int } from "./number";
import { arrAt } from "./array";
import { objGet, objKeyAt } from "./object";
import { setAt, setFind } from "./set";
import { indexAfter } from "./sorted";
import { countCodePoints } from "./utf8";

// Array index from a number value, or -1 when it is not an integral in-range index.
export function indexOf(arr: usize, key: usize): i32 {
  if (typeOf(key) != T_NUMBER || !numToI64(key)) return -1;
  let i = numInt();
  return i >= 0 && i < <i64>colLen(arr) ? <i32>i : -1;
}

export function opa_value_get(v: usize, key: usize): usize {
  if (!v || !key) return 0;
  let t = typeOf(v);
  if (t == T_OBJECT) return objGet(v, key);
  if (t == T_SET) return setFind(v, key);
  if (t == T_ARRAY) {
    let i = indexOf(v, key);
    return i >= 0 ? arrAt(v, i) : 0;
  }
  return 0;
}

export function opa_value_length(v: usize): i32 {
  if (!v) return 0;
  let t = typeOf(v);
  if (t == T_STRING) return countCodePoints(strPtr(v), strLen(v));
  if (t == T_ARRAY || t == T_OBJECT || t == T_SET) return colLen(v);
  return 0;
}

export function opa_value_iter(v: usize, prev: usize): usize {
  if (!v) return 0;
  let t = typeOf(v);
  if (t == T_ARRAY) {
    let next = prev ? <i64>indexOf(v, prev) + 1 : 0;
    if (prev && next == 0) return 0;
    return next < <i64>colLen(v) ? opa_number_int(next) : 0;
  }
  if (t != T_OBJECT && t != T_SET) return 0;
  let slot = t == T_OBJECT ? 8 : 4;
  let i = prev ? indexAfter(v, prev, slot) : 0;
  if (i >= colLen(v)) return 0;
  return t == T_OBJECT ? objKeyAt(v, i) : setAt(v, i);
}
