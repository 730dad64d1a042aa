// Growable list of i32 on the evaluation heap, for the regex parser's scratch data.
// Layout: length at +0, capacity at +4, data pointer at +8.
import { alloc } from "../alloc";

export function ilistNew(cap: i32): usize {
  let l = alloc(12);
  store<i32>(l, 0);
  store<i32>(l, cap, 4);
  store<usize>(l, alloc(<usize>(cap * 4)), 8);
  return l;
}

@inline export function ilistLen(l: usize): i32 {
  return load<i32>(l);
}

@inline export function ilistAt(l: usize, i: i32): i32 {
  return load<i32>(load<usize>(l, 8) + (<usize>i << 2));
}

export function ilistPush(l: usize, v: i32): void {
  let n = load<i32>(l);
  let cap = load<i32>(l, 4);
  if (n == cap) {
    let fresh = alloc(<usize>(cap * 8));
    memory.copy(fresh, load<usize>(l, 8), <usize>(cap * 4));
    store<usize>(l, fresh, 8);
    store<i32>(l, cap * 2, 4);
  }
  store<i32>(load<usize>(l, 8) + (<usize>n << 2), v);
  store<i32>(l, n + 1);
}
