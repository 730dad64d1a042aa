// Binary search over the sorted slots of sets (4-byte slots) and objects (8-byte slots, keyed
// by the first 4 bytes). Returns the index when found, else -(insertion point) - 1.
import { colData, colLen } from "./value";
import { compareValues } from "./compare";

export function searchSlots(v: usize, key: usize, slot: i32): i32 {
  let lo = 0;
  let hi = colLen(v) - 1;
  let data = colData(v);
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
