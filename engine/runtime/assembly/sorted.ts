// Binary search over the sorted slots of sets (4-byte slots) and objects (8-byte slots, keyed
// by the first 4 bytes). Returns the index when found, else -(insertion point) - 1.
import { T_STRING, colLen, readData, strLen, strPtr, typeOf } from "./value";
import { cmpBytes, compareValues } from "./compare";

export function searchSlots(v: usize, key: usize, slot: i32): i32 {
  let n = colLen(v);
  if (key && typeOf(key) == T_STRING) return searchString(v, n, key, slot);
  let lo = 0;
  let hi = n - 1;
  let data = readData(v);
  while (lo <= hi) {
    let mid = (lo + hi) >>> 1;
    let c = compareValues(load<usize>(data + <usize>(mid * slot)), key);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

// Index of the first slot strictly after key (the key need not be present).
export function indexAfter(v: usize, key: usize, slot: i32): i32 {
  let i = searchSlots(v, key, slot);
  return i >= 0 ? i + 1 : -i - 1;
}

// The same search for a string key, the usual one (object keys, input lookups), comparing bytes
// in place: members of other types order by their type tag alone (compare.ts).
function searchString(v: usize, n: i32, key: usize, slot: i32): i32 {
  let kp = strPtr(key);
  let kn = strLen(key);
  let first = kn > 0 ? <i32>load<u8>(kp) : -1;
  let lo = 0;
  let hi = n - 1;
  let data = readData(v);
  while (lo <= hi) {
    let mid = (lo + hi) >>> 1;
    let e = load<usize>(data + <usize>(mid * slot));
    let c = 0;
    let t = typeOf(e);
    if (t != T_STRING) {
      c = <i32>t - <i32>T_STRING;
    } else if (e != key) {
      let en = strLen(e);
      let ep = strPtr(e);
      let ef = en > 0 ? <i32>load<u8>(ep) : -1;
      c = ef != first ? ef - first : cmpBytes(ep, en, kp, kn);
    }
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}
