// Growable byte buffer for building text. Layout: data pointer at +0, length at +4,
// capacity at +8. While nothing else allocates it grows in place at the top of the heap.
import { alloc, tryExtend } from "./alloc";
import { opa_string } from "./value";

export function bufNew(cap: i32): usize {
  let b = alloc(12);
  store<usize>(b, alloc(<usize>cap));
  store<i32>(b, 0, 4);
  store<i32>(b, cap, 8);
  return b;
}

@inline export function bufLen(b: usize): i32 {
  return load<i32>(b, 4);
}

// Drops what was written after the first n bytes.
@inline export function bufTruncate(b: usize, n: i32): void {
  store<i32>(b, n, 4);
}

@inline export function bufData(b: usize): usize {
  return load<usize>(b);
}

// Ensures room for n more bytes and returns where they go; bufAdvance commits them.
export function bufReserve(b: usize, n: i32): usize {
  let data = load<usize>(b);
  let len = load<i32>(b, 4);
  let cap = load<i32>(b, 8);
  if (len + n > cap) {
    let next = max(cap * 2, len + n + 16);
    if (!tryExtend(data, <usize>cap, <usize>next)) {
      let fresh = alloc(<usize>next);
      memory.copy(fresh, data, <usize>len);
      store<usize>(b, fresh);
      data = fresh;
    }
    store<i32>(b, next, 8);
  }
  return data + len;
}

@inline export function bufAdvance(b: usize, n: i32): void {
  store<i32>(b, load<i32>(b, 4) + n, 4);
}

export function bufByte(b: usize, c: u32): void {
  store<u8>(bufReserve(b, 1), <u8>c);
  bufAdvance(b, 1);
}

export function bufBytes(b: usize, p: usize, n: i32): void {
  memory.copy(bufReserve(b, n), p, <usize>n);
  bufAdvance(b, n);
}

// Static ASCII literal.
export function bufAscii(b: usize, s: string): void {
  let n = s.length;
  let out = bufReserve(b, n);
  for (let i = 0; i < n; i++) store<u8>(out + i, <u8>s.charCodeAt(i));
  bufAdvance(b, n);
}

// Terminates with NUL and returns the text pointer.
export function bufCString(b: usize): usize {
  bufByte(b, 0);
  return bufData(b);
}

export function bufToString(b: usize): usize {
  return opa_string(bufData(b), bufLen(b));
}
