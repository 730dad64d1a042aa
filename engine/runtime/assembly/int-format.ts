// i64 to decimal text.

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
