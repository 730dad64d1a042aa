// internal.member_2 (`x in coll`) and internal.member_3 (`k, v in coll`). Non-collections
// contain nothing.
import { colLen, opa_boolean } from "../value";
import { valuesEqual } from "../compare";
import { arrAt } from "../array";
import { objGet, objValAt } from "../object";
import { setFind } from "../set";
import { indexOf } from "../access";
import { isArr, isObj, isSet } from "./args";

function contains(coll: usize, x: usize): bool {
  if (isSet(coll)) return setFind(coll, x) != 0;
  let n = isArr(coll) || isObj(coll) ? colLen(coll) : 0;
  for (let i = 0; i < n; i++) {
    let v = isArr(coll) ? arrAt(coll, i) : objValAt(coll, i);
    if (valuesEqual(v, x)) return true;
  }
  return false;
}

export function builtin_internal_member_2(x: usize, coll: usize): usize {
  if (!x || !coll) return 0;
  return opa_boolean(contains(coll, x) ? 1 : 0);
}

function containsPair(coll: usize, k: usize, v: usize): bool {
  if (isObj(coll)) {
    let found = objGet(coll, k);
    return found != 0 && valuesEqual(found, v);
  }
  if (isArr(coll)) {
    let i = indexOf(coll, k);
    return i >= 0 && valuesEqual(arrAt(coll, i), v);
  }
  if (isSet(coll)) return valuesEqual(k, v) && setFind(coll, k) != 0;
  return false;
}

export function builtin_internal_member_3(k: usize, v: usize, coll: usize): usize {
  if (!k || !v || !coll) return 0;
  return opa_boolean(containsPair(coll, k, v) ? 1 : 0);
}
