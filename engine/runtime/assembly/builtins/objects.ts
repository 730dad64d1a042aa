// object.get, object.keys, object.remove, object.union, object.filter.
import { colLen } from "../value";
import { arrAt } from "../array";
import { opa_object, opa_object_insert, objGet, objKeyAt, objValAt } from "../object";
import { opa_set, opa_set_add, setFind } from "../set";
import { opa_value_get } from "../access";
import { mergeObjects } from "../merge";
import { isArr, isArrOrSet, isObj, isSet } from "./args";
import { typeError } from "./failure";
import { KEY_LIST, OBJECT } from "./reasons";

// An array key is a path walked through nested collections.
export function builtin_object_get(obj: usize, key: usize, dflt: usize): usize {
  if (!isObj(obj)) return typeError(1, OBJECT, obj);
  if (!key || !dflt) return 0;
  if (!isArr(key)) {
    let v = objGet(obj, key);
    return v ? v : dflt;
  }
  let cur = obj;
  let n = colLen(key);
  for (let i = 0; i < n && cur; i++) cur = opa_value_get(cur, arrAt(key, i));
  return cur ? cur : dflt;
}

export function builtin_object_keys(obj: usize): usize {
  if (!isObj(obj)) return typeError(1, OBJECT, obj);
  let out = opa_set();
  let n = colLen(obj);
  for (let i = 0; i < n; i++) opa_set_add(out, objKeyAt(obj, i));
  return out;
}

// Keys given as an array, a set, or an object's keys.
function keySet(keys: usize): usize {
  if (isSet(keys)) return keys;
  let out = opa_set();
  let n = isArrOrSet(keys) || isObj(keys) ? colLen(keys) : 0;
  for (let i = 0; i < n; i++) opa_set_add(out, isObj(keys) ? objKeyAt(keys, i) : arrAt(keys, i));
  return out;
}

// An object and its key list, else records which operand is not.
function objectAndKeys(obj: usize, keys: usize): bool {
  if (!isObj(obj)) return typeError(1, OBJECT, obj) != 0;
  return isArrOrSet(keys) || isObj(keys) || typeError(2, KEY_LIST, keys) != 0;
}

// Keeps the entries whose key is (keep) or is not (!keep) in keys.
function select(obj: usize, keys: usize, keep: bool): usize {
  let set = keySet(keys);
  let out = opa_object();
  let n = colLen(obj);
  for (let i = 0; i < n; i++) {
    let k = objKeyAt(obj, i);
    if ((setFind(set, k) != 0) == keep) opa_object_insert(out, k, objValAt(obj, i));
  }
  return out;
}

export function builtin_object_remove(obj: usize, keys: usize): usize {
  return objectAndKeys(obj, keys) ? select(obj, keys, false) : 0;
}

export function builtin_object_filter(obj: usize, keys: usize): usize {
  return objectAndKeys(obj, keys) ? select(obj, keys, true) : 0;
}

export function builtin_object_union(a: usize, b: usize): usize {
  if (!isObj(a)) return typeError(1, OBJECT, a);
  return isObj(b) ? mergeObjects(a, b, true) : typeError(2, OBJECT, b);
}
