// walk is a relation: the compiler iterates the array of [path, value] pairs this returns and
// unifies each with the call's output argument. x itself comes first, with path [].
import { T_ARRAY, T_OBJECT, T_SET, colLen, typeOf } from "../value";
import { arrAt, opa_array, opa_array_append, opa_array_with_cap } from "../array";
import { opa_value_get, opa_value_iter } from "../access";

export function builtin_walk(x: usize): usize {
  if (!x) return 0;
  let out = opa_array();
  visit(x, opa_array(), out);
  return out;
}

function visit(v: usize, path: usize, out: usize): void {
  let pair = opa_array_with_cap(2);
  opa_array_append(pair, path);
  opa_array_append(pair, v);
  opa_array_append(out, pair);
  let t = typeOf(v);
  if (t != T_ARRAY && t != T_OBJECT && t != T_SET) return;
  let k = opa_value_iter(v, 0);
  while (k) {
    visit(opa_value_get(v, k), extend(path, k), out);
    k = opa_value_iter(v, k);
  }
}

function extend(path: usize, key: usize): usize {
  let n = colLen(path);
  let next = opa_array_with_cap(n + 1);
  for (let i = 0; i < n; i++) opa_array_append(next, arrAt(path, i));
  opa_array_append(next, key);
  return next;
}
