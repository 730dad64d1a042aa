// Deep merge of objects: on a shared key two objects merge recursively; otherwise the left
// value wins (OPA's ObjectMerge) or, with rightWins, the right one (object.union).
import { T_OBJECT, colLen, typeOf } from "./value";
import { objGet, objKeyAt, objValAt, opa_object_insert } from "./object";
import { copyObject } from "./path";

function isObject(v: usize): bool {
  return v != 0 && typeOf(v) == T_OBJECT;
}

export function mergeObjects(a: usize, b: usize, rightWins: bool): usize {
  let out = copyObject(a);
  let n = colLen(b);
  for (let i = 0; i < n; i++) {
    let k = objKeyAt(b, i);
    let bv = objValAt(b, i);
    let av = objGet(a, k);
    if (av && isObject(av) && isObject(bv)) opa_object_insert(out, k, mergeObjects(av, bv, rightWins));
    else if (!av || rightWins) opa_object_insert(out, k, bv);
  }
  return out;
}

export function warden_object_merge(a: usize, b: usize): usize {
  return isObject(a) && isObject(b) ? mergeObjects(a, b, false) : 0;
}
