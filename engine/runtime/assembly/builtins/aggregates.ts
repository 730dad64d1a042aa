// count, sum, product, max, min, sort, all, any.
import { T_STRING, colData, colLen, opa_boolean, isTrue, strLen, strPtr, typeOf } from "../value";
import { opa_number_int } from "../number";
import { compareValues } from "../compare";
import { arrayOfMembers, arrAt } from "../array";
import { countCodePoints } from "../utf8";
import { addNumbers, mulNumbers } from "../arith";
import { isArrOrSet, isArr, isNum, isObj } from "./args";
import { sortValues } from "./sort";
import { typeError } from "./failure";
import { COUNTABLE } from "./reasons";

export function builtin_count(v: usize): usize {
  if (!v) return 0;
  if (typeOf(v) == T_STRING) return opa_number_int(countCodePoints(strPtr(v), strLen(v)));
  if (isArrOrSet(v) || isObj(v)) return opa_number_int(colLen(v));
  return typeError(1, COUNTABLE, v);
}

// Folds the numbers of an array or set; any non-number makes the result undefined.
function fold(v: usize, start: i64, mul: bool): usize {
  if (!isArrOrSet(v)) return 0;
  let acc = opa_number_int(start);
  let n = colLen(v);
  for (let i = 0; i < n; i++) {
    let x = arrAt(v, i);
    if (!isNum(x)) return 0;
    acc = mul ? mulNumbers(acc, x) : addNumbers(acc, x);
  }
  return acc;
}

export function builtin_sum(v: usize): usize {
  return fold(v, 0, false);
}

export function builtin_product(v: usize): usize {
  return fold(v, 1, true);
}

// The greatest (sign 1) or least (sign -1) element; undefined when empty.
function extreme(v: usize, sign: i32): usize {
  if (!isArrOrSet(v) || colLen(v) == 0) return 0;
  let best = arrAt(v, 0);
  let n = colLen(v);
  for (let i = 1; i < n; i++) {
    let x = arrAt(v, i);
    if (compareValues(x, best) * sign > 0) best = x;
  }
  return best;
}

export function builtin_max(v: usize): usize {
  return extreme(v, 1);
}

export function builtin_min(v: usize): usize {
  return extreme(v, -1);
}

export function builtin_sort(v: usize): usize {
  if (!isArrOrSet(v)) return 0;
  let out = arrayOfMembers(v);
  if (isArr(v)) sortValues(colData(out), colLen(out));
  return out;
}

export function builtin_all(v: usize): usize {
  if (!isArrOrSet(v)) return 0;
  let n = colLen(v);
  for (let i = 0; i < n; i++) if (!isTrue(arrAt(v, i))) return opa_boolean(0);
  return opa_boolean(1);
}

export function builtin_any(v: usize): usize {
  if (!isArrOrSet(v)) return 0;
  let n = colLen(v);
  for (let i = 0; i < n; i++) if (isTrue(arrAt(v, i))) return opa_boolean(1);
  return opa_boolean(0);
}
