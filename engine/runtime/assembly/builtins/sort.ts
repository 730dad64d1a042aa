// Stable merge sort of value pointers by the total order (for sort, and anywhere an
// array must be ordered).
import { alloc } from "../alloc";
import { compareValues } from "../compare";
import { burnFuel } from "../fuel";

function mergeRuns(src: usize, dst: usize, lo: i32, mid: i32, hi: i32): void {
  let i = lo;
  let j = mid;
  for (let k = lo; k < hi; k++) {
    let a = load<usize>(src + (<usize>i << 2));
    let takeLeft = i < mid && (j >= hi || compareValues(a, load<usize>(src + (<usize>j << 2))) <= 0);
    if (takeLeft) {
      store<usize>(dst + (<usize>k << 2), a);
      i++;
    } else {
      store<usize>(dst + (<usize>k << 2), load<usize>(src + (<usize>j << 2)));
      j++;
    }
  }
}

// Sorts n pointers at p in place, bottom-up with a scratch buffer.
export function sortValues(p: usize, n: i32): void {
  // n comparisons a pass, about four to a unit of fuel: sorting in a loop is bounded work.
  let passes: i64 = n > 1 ? <i64>(32 - clz(n - 1)) : 0;
  burnFuel((<i64>n * passes) >> 2);
  let scratch = alloc(<usize>n << 2);
  let src = p;
  let dst = scratch;
  for (let width = 1; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += width << 1) {
      let mid = min(lo + width, n);
      let hi = min(lo + (width << 1), n);
      mergeRuns(src, dst, lo, mid, hi);
    }
    let t = src;
    src = dst;
    dst = t;
  }
  if (src != p) memory.copy(p, src, <usize>n << 2);
}
