// Rego v0's deprecated casts and set_diff, which v0 policies still call (OPA keeps them for
// --v0-compatible). A cast returns its operand when it already has the type, and an operand
// of any other type is a type error, as OPA words it.
import { T_BOOLEAN, T_NULL, T_OBJECT, T_STRING } from "../value";
import { arrayOfMembers } from "../array";
import { warden_array_to_set } from "../convert";
import { setDifference } from "../set-algebra";
import { isArr, isArrOrSet, isSet, isType } from "./args";
import { typeError } from "./failure";
import { ARRAY_OR_SET, BOOLEAN, NULL, OBJECT, SET, STRING } from "./reasons";

// A set's members in its (sorted) order.
export function builtin_cast_array(v: usize): usize {
  if (isArr(v)) return v;
  return isSet(v) ? arrayOfMembers(v) : v ? typeError(1, ARRAY_OR_SET, v) : 0;
}

export function builtin_cast_set(v: usize): usize {
  return isArrOrSet(v) ? warden_array_to_set(v) : v ? typeError(1, ARRAY_OR_SET, v) : 0;
}

function cast(v: usize, t: u8, want: string): usize {
  if (isType(v, t)) return v;
  return v ? typeError(1, want, v) : 0;
}

export function builtin_cast_string(v: usize): usize { return cast(v, T_STRING, STRING); }
export function builtin_cast_boolean(v: usize): usize { return cast(v, T_BOOLEAN, BOOLEAN); }
export function builtin_cast_null(v: usize): usize { return cast(v, T_NULL, NULL); }
export function builtin_cast_object(v: usize): usize { return cast(v, T_OBJECT, OBJECT); }

export function builtin_set_diff(a: usize, b: usize): usize {
  if (!isSet(a)) return a ? typeError(1, SET, a) : 0;
  if (!isSet(b)) return b ? typeError(2, SET, b) : 0;
  return setDifference(a, b);
}
