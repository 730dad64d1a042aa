// Value layout. A value is a pointer whose first byte is its type tag (also the cross-type
// sort order). Collections share one header: length at +4, capacity at +8, elements at +12.
import { alloc } from "./alloc";
import { isUnsettled, settle } from "./settle";

export const T_NULL: u8 = 1;
export const T_BOOLEAN: u8 = 2;
export const T_NUMBER: u8 = 3;
export const T_STRING: u8 = 4;
export const T_ARRAY: u8 = 5;
export const T_OBJECT: u8 = 6;
export const T_SET: u8 = 7;

// Singletons live in the data segment so they survive every heap reset.
const NULL_VALUE = memory.data<i32>([1, 0]);
const TRUE_VALUE = memory.data<i32>([2, 1]);
const FALSE_VALUE = memory.data<i32>([2, 0]);

@inline export function typeOf(v: usize): u8 {
  return load<u8>(v);
}

// The singletons' addresses, for generated code to use as constants instead of calling
// opa_null and opa_boolean (engine/compiler/wasm/runtime-abi.ts reads them).
export const warden_null_value: usize = NULL_VALUE;
export const warden_true_value: usize = TRUE_VALUE;
export const warden_false_value: usize = FALSE_VALUE;

export function opa_value_type(v: usize): i32 {
  return v ? <i32>load<u8>(v) : 0;
}

export function opa_null(): usize {
  return NULL_VALUE;
}

export function opa_boolean(b: i32): usize {
  return b ? TRUE_VALUE : FALSE_VALUE;
}

export function opa_value_boolean(v: usize): i32 {
  return load<i32>(v, 4);
}

export function isTrue(v: usize): bool {
  return v != 0 && typeOf(v) == T_BOOLEAN && load<i32>(v, 4) != 0;
}

// Strings: byte length at +4, UTF-8 bytes pointer at +8 (may point into the data segment).
export function opa_string(ptr: usize, len: i32): usize {
  let v = alloc(12);
  store<u32>(v, T_STRING);
  store<i32>(v, len, 4);
  store<usize>(v, ptr, 8);
  return v;
}

@inline export function strLen(v: usize): i32 {
  return load<i32>(v, 4);
}

@inline export function strPtr(v: usize): usize {
  return load<usize>(v, 8);
}

// A string value over freshly allocated bytes the caller fills in.
export function newString(len: i32): usize {
  return opa_string(alloc(<usize>len), len);
}

// Static ASCII literal (UTF-16 in AssemblyScript) to a string value.
export function stringOf(s: string): usize {
  let n = s.length;
  let v = newString(n);
  let p = strPtr(v);
  for (let i = 0; i < n; i++) store<u8>(p + i, <u8>s.charCodeAt(i));
  return v;
}

// Every read of a set or object goes through these two, so one built out of order is sorted
// before anything sees it (settle.ts).
@inline export function colLen(v: usize): i32 {
  if (isUnsettled(v)) settle(v);
  return load<i32>(v, 4);
}

@inline export function colData(v: usize): usize {
  if (isUnsettled(v)) settle(v);
  return load<usize>(v, 12);
}

// The slots of a collection already read through colLen or colData (an index into it came from
// one of them): the per-element accessors of hot loops skip the check.
@inline export function readData(v: usize): usize {
  return load<usize>(v, 12);
}
