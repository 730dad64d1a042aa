// Deep merge of objects (OPA's ObjectMerge): on a shared key two objects merge recursively,
// otherwise the left value wins.
import { T_OBJECT, colLen, typeOf } from "./value";
import { objGet, objKeyAt, objValAt, opa_object_insert } from "./object";
import { copyObject } from "./path";

function isObject(v: usize): bool {
  return v != 0 && typeOf(v) == T_OBJECT;
}

export function warden_object_merge(a: usize, b: usize): usize {
  if (!isObject(a) || !isObject(b)) return 0;
  let out = copyObject(a);
  let n = colLen(b);
  for (let i = 0; i < n; i++) {
    let k = objKeyAt(b, i);
    let bv = objValAt(b, i);
    let av = objGet(a, k);
    if (!av) opa_object_insert(out, k, bv);
    else if (isObject(av) && isObject(bv)) opa_object_insert(out, k, warden_object_merge(av, bv));
  }
  return out;
}
