// object.subset(super, sub), following OPA's topdown implementation rule for rule. Only objects
// recurse; sets and arrays nested under object keys compare their members by equality, since
// there is no well-defined way to pair up members of two collections.
import { colLen, opa_boolean } from "../value";
import { arrAt } from "../array";
import { objGet, objKeyAt, objValAt } from "../object";
import { setAt, setFind } from "../set";
import { valuesEqual } from "../compare";
import { isArr, isObj, isSet } from "./args";

export function builtin_object_subset(sup: usize, sub: usize): usize {
  if (isObj(sup) && isObj(sub)) return opa_boolean(objectSubset(sup, sub));
  if (isSet(sup) && isSet(sub)) return opa_boolean(setSubset(sup, sub));
  if (isArr(sup) && isArr(sub)) return opa_boolean(arraySubset(sup, sub));
  if (isArr(sup) && isSet(sub)) return opa_boolean(arrayHoldsSet(sup, sub));
  return 0;
}

function objectSubset(sup: usize, sub: usize): bool {
  let n = colLen(sub);
  for (let i = 0; i < n; i++) {
    let have = objGet(sup, objKeyAt(sub, i));
    if (!have || !valueSubset(have, objValAt(sub, i))) return false;
  }
  return true;
}

// The array-and-set pairing applies only at the top level, as in OPA.
function valueSubset(sup: usize, sub: usize): bool {
  if (valuesEqual(sup, sub)) return true;
  if (isObj(sup) && isObj(sub)) return objectSubset(sup, sub);
  if (isSet(sup) && isSet(sub)) return setSubset(sup, sub);
  if (isArr(sup) && isArr(sub)) return arraySubset(sup, sub);
  return false;
}

function setSubset(sup: usize, sub: usize): bool {
  let n = colLen(sub);
  for (let i = 0; i < n; i++) if (!setFind(sup, setAt(sub, i))) return false;
  return true;
}

// sub must occur in sup as one contiguous run.
function arraySubset(sup: usize, sub: usize): bool {
  let m = colLen(sub);
  let last = colLen(sup) - m;
  for (let start = 0; start <= last; start++) if (runAt(sup, start, sub)) return true;
  return false;
}

function runAt(sup: usize, start: i32, sub: usize): bool {
  let m = colLen(sub);
  for (let j = 0; j < m; j++) if (!valuesEqual(arrAt(sup, start + j), arrAt(sub, j))) return false;
  return true;
}

// OPA counts matching array elements down from sub's size and stops at zero, so a repeated
// element counts more than once and an empty sup holds nothing, not even the empty set.
function arrayHoldsSet(sup: usize, sub: usize): bool {
  let unmatched = colLen(sub);
  let n = colLen(sup);
  for (let i = 0; i < n; i++) {
    if (setFind(sub, arrAt(sup, i))) unmatched--;
    if (unmatched == 0) return true;
  }
  return false;
}
