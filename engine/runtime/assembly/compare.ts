// Total order over all values, as OPA defines it: by type first (null < boolean < number <
// string < array < object < set), then structurally. Numbers compare by value (1 == 1.0).
import { T_ARRAY, T_BOOLEAN, T_NUMBER, T_OBJECT, T_SET, T_STRING, strLen, strPtr, typeOf } from "./value";
import { isUnsettled, settle } from "./settle";
import { cmpNumbers } from "./number";

export function cmpBytes(pa: usize, la: i32, pb: usize, lb: i32): i32 {
  let n = min(la, lb);
  let i = 0;
  // Eight bytes at a time: what is compared (object keys found, set members, equal texts) is
  // mostly equal, or shares a long prefix. Little-endian, so the lowest differing byte of the
  // two words is the first one.
  while (i + 8 <= n) {
    let x = load<u64>(pa + <usize>i) ^ load<u64>(pb + <usize>i);
    if (x != 0) {
      let at = <usize>(i + <i32>(ctz(x) >> 3));
      return <i32>load<u8>(pa + at) - <i32>load<u8>(pb + at);
    }
    i += 8;
  }
  for (; i < n; i++) {
    let d = <i32>load<u8>(pa + <usize>i) - <i32>load<u8>(pb + <usize>i);
    if (d != 0) return d;
  }
  return la - lb;
}

export function cmpStrings(a: usize, b: usize): i32 {
  return cmpBytes(strPtr(a), strLen(a), strPtr(b), strLen(b));
}

// Arrays and sets: element-wise over slots of `slot` bytes, then by length.
// Settles explicitly: through colLen, settle's own comparisons would inline colLen into itself.
function cmpSlots(a: usize, b: usize, slot: i32): i32 {
  if (isUnsettled(a)) settle(a);
  if (isUnsettled(b)) settle(b);
  let la = load<i32>(a, 4);
  let lb = load<i32>(b, 4);
  let n = min(la, lb) * (slot >> 2);
  let pa = load<usize>(a, 12);
  let pb = load<usize>(b, 12);
  for (let i = 0; i < n; i++) {
    let c = compareValues(load<usize>(pa + (<usize>i << 2)), load<usize>(pb + (<usize>i << 2)));
    if (c != 0) return c;
  }
  return la - lb;
}

export function compareValues(a: usize, b: usize): i32 {
  if (a == b) return 0;
  if (!a) return -1;
  if (!b) return 1;
  let ta = typeOf(a);
  let tb = typeOf(b);
  if (ta != tb) return <i32>ta - <i32>tb;
  switch (ta) {
    case T_BOOLEAN: return load<i32>(a, 4) - load<i32>(b, 4);
    case T_NUMBER: return cmpNumbers(a, b);
    case T_STRING: return cmpStrings(a, b);
    case T_ARRAY: return cmpSlots(a, b, 4);
    case T_OBJECT: return cmpSlots(a, b, 8);
    case T_SET: return cmpSlots(a, b, 4);
  }
  return 0;
}

export function opa_value_compare(a: usize, b: usize): i32 {
  let c = compareValues(a, b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

export function valuesEqual(a: usize, b: usize): bool {
  return compareValues(a, b) == 0;
}

export function opa_value_equal(a: usize, b: usize): i32 {
  return valuesEqual(a, b) ? 1 : 0;
}
