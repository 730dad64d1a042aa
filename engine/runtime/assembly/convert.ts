// Conversions generated code needs around host calls.
import { T_ARRAY, T_SET, colLen, typeOf } from "./value";
import { arrAt } from "./array";
import { opa_set, opa_set_add } from "./set";

// Host results travel as JSON, which has no sets: arrays are turned back into sets.
export function warden_array_to_set(v: usize): usize {
  if (!v) return 0;
  let t = typeOf(v);
  if (t == T_SET) return v;
  if (t != T_ARRAY) return 0;
  let set = opa_set();
  let n = colLen(v);
  for (let i = 0; i < n; i++) opa_set_add(set, arrAt(v, i));
  return set;
}
