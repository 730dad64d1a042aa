// Stable merge sort by the total order (for sort, for sets and objects built out of order, and
// anywhere an array must be ordered). Slots are 4 bytes (value pointers) or 8 (an object's key
// and value, ordered by the key).
import { alloc } from "../alloc";
import { compareValues } from "../compare";
import { burnFuel } from "../fuel";

function mergeRuns(src: usize, dst: usize, lo: i32, mid: i32, hi: i32, slot: usize): void {
  let i = lo;
  let j = mid;
  for (let k = lo; k < hi; k++) {
    let from: usize;
    if (i < mid && (j >= hi || compareValues(load<usize>(src + <usize>i * slot), load<usize>(src + <usize>j * slot)) <= 0)) {
      from = src + <usize>i * slot;
      i++;
    } else {
      from = src + <usize>j * slot;
      j++;
    }
    let to = dst + <usize>k * slot;
    store<usize>(to, load<usize>(from));
    if (slot == 8) store<usize>(to, load<usize>(from, 4), 4);
  }
}

// Sorts n slots at p in place by their first word, bottom-up with a scratch buffer.
export function sortSlots(p: usize, n: i32, slot: usize): void {
  // n comparisons a pass, about four to a unit of fuel: sorting in a loop is bounded work.
  let passes: i64 = n > 1 ? <i64>(32 - clz(n - 1)) : 0;
  burnFuel((<i64>n * passes) >> 2);
  let scratch = alloc(<usize>n * slot);
  let src = p;
  let dst = scratch;
  for (let width = 1; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += width << 1) {
      mergeRuns(src, dst, lo, min(lo + width, n), min(lo + (width << 1), n), slot);
    }
    let t = src;
    src = dst;
    dst = t;
  }
  if (src != p) memory.copy(p, src, <usize>n * slot);
}

// Sorts n value pointers at p in place.
export function sortValues(p: usize, n: i32): void {
  sortSlots(p, n, 4);
}
