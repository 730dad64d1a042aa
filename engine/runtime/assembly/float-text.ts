// f64 <-> decimal text, delegating to AssemblyScript's allocation-free conversions (Grisu2 and
// strtod) through UTF-16 scratch space, since those work on AssemblyScript string layout.
import { dtoa_buffered } from "~lib/util/number";
import { strtod } from "~lib/util/string";
import { alloc } from "./alloc";

const SCRATCH = memory.data(64);

// Writes the shortest round-tripping text of f (Go/JavaScript style, integral values without
// a fraction) to out, which must hold 32 bytes. Returns the byte count.
export function formatF64(f: f64, out: usize): i32 {
  let n = <i32>dtoa_buffered<f64>(SCRATCH, f);
  for (let i = 0; i < n; i++) store<u8>(out + i, <u8>load<u16>(SCRATCH + (<usize>i << 1)));
  if (n >= 2 && load<u8>(out + n - 2) == 0x2e && load<u8>(out + n - 1) == 0x30) n -= 2;
  return n;
}

// Parses already-validated number text.
export function parseF64(ptr: usize, len: i32): f64 {
  // strtod reads the length from the 4 bytes before the characters, as for a real string.
  let mem = alloc(4 + (<usize>len << 1));
  store<u32>(mem, <u32>len << 1);
  let chars = mem + 4;
  for (let i = 0; i < len; i++) store<u16>(chars + (<usize>i << 1), load<u8>(ptr + i));
  return strtod(changetype<string>(chars));
}

// Writes the decimal text of i to out (at least 20 bytes). Returns the byte count.
export function formatI64(i: i64, out: usize): i32 {
  let neg = i < 0;
  // Work with the negative magnitude so that i64.MIN_VALUE needs no special case.
  let m = neg ? i : -i;
  let digits = 0;
  let t = m;
  do { digits++; t /= 10; } while (t != 0);
  let n = digits + (neg ? 1 : 0);
  let p = out + n;
  do {
    p--;
    store<u8>(p, <u8>(0x30 - <i32>(m % 10)));
    m /= 10;
  } while (m != 0);
  if (neg) store<u8>(out, 0x2d);
  return n;
}
