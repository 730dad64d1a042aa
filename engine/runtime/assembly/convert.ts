// Conversions generated code needs around host calls and print.
import { T_ARRAY, T_SET, T_STRING, colLen, newString, strLen, strPtr, typeOf } from "./value";
import { arrAt } from "./array";
import { opa_set, opa_set_add } from "./set";
import { valueText } from "./json-dump";
import { alloc } from "./alloc";

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

export function warden_to_string(v: usize): usize {
  if (v && typeOf(v) == T_STRING) return v;
  return valueText(v);
}

export function concatStrings(a: usize, b: usize): usize {
  let la = strLen(a);
  let lb = strLen(b);
  let out = newString(la + lb);
  memory.copy(strPtr(out), strPtr(a), <usize>la);
  memory.copy(strPtr(out) + la, strPtr(b), <usize>lb);
  return out;
}

export function warden_string_concat(a: usize, b: usize): usize {
  if (!a || !b || typeOf(a) != T_STRING || typeOf(b) != T_STRING) return 0;
  return concatStrings(a, b);
}

// print hands opa_println NUL-terminated bytes; generated code cannot see a string's layout.
export function warden_cstr(v: usize): usize {
  if (!v || typeOf(v) != T_STRING) return 0;
  let n = strLen(v);
  let out = alloc(<usize>n + 1);
  memory.copy(out, strPtr(v), <usize>n);
  store<u8>(out + n, 0);
  return out;
}
