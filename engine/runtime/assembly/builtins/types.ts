// Type tests (false, not undefined, on a mismatch) and type_name.
import { T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, opa_boolean, stringOf, typeOf } from "../value";

function is(v: usize, t: u8): usize {
  return v ? opa_boolean(typeOf(v) == t ? 1 : 0) : 0;
}

export function builtin_is_number(v: usize): usize { return is(v, T_NUMBER); }
export function builtin_is_string(v: usize): usize { return is(v, T_STRING); }
export function builtin_is_boolean(v: usize): usize { return is(v, T_BOOLEAN); }
export function builtin_is_array(v: usize): usize { return is(v, T_ARRAY); }
export function builtin_is_set(v: usize): usize { return is(v, T_SET); }
export function builtin_is_object(v: usize): usize { return is(v, T_OBJECT); }
export function builtin_is_null(v: usize): usize { return is(v, T_NULL); }

export function builtin_type_name(v: usize): usize {
  return v ? stringOf(typeNameOf(v)) : 0;
}

// OPA's name of a value's type, as type_name returns it and type errors word it (failure.ts).
export function typeNameOf(v: usize): string {
  switch (typeOf(v)) {
    case T_NULL: return "null";
    case T_BOOLEAN: return "boolean";
    case T_NUMBER: return "number";
    case T_STRING: return "string";
    case T_ARRAY: return "array";
    case T_OBJECT: return "object";
  }
  return "set";
}
