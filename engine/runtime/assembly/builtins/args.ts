// Argument checks shared by the native builtins. A builtin given the wrong types returns 0
// (undefined), which is what OPA's wasm target does for type and evaluation errors.
import { T_ARRAY, T_NUMBER, T_OBJECT, T_SET, T_STRING, typeOf } from "../value";
import { numToI64, numInt } from "../number";

@inline export function isType(v: usize, t: u8): bool {
  return v != 0 && typeOf(v) == t;
}

@inline export function isNum(v: usize): bool {
  return isType(v, T_NUMBER);
}

@inline export function isStr(v: usize): bool {
  return isType(v, T_STRING);
}

@inline export function isArr(v: usize): bool {
  return isType(v, T_ARRAY);
}

@inline export function isObj(v: usize): bool {
  return isType(v, T_OBJECT);
}

@inline export function isSet(v: usize): bool {
  return isType(v, T_SET);
}

// Arrays and sets share their slot layout, so element loops work on either.
export function isArrOrSet(v: usize): bool {
  return isArr(v) || isSet(v);
}

// Integral number fitting i64; the value is then in intArgValue().
export function isIntArg(v: usize): bool {
  return isNum(v) && numToI64(v);
}

export function intArgValue(): i64 {
  return numInt();
}
