// Tests on eight bytes at once (one u64 load), for scans that look for a few bytes in long
// texts: the classic zero-byte tests, exact for every byte of the word.
export const ONES: u64 = 0x0101010101010101;
export const HIGHS: u64 = 0x8080808080808080;
// The bytes JSON strings escape, repeated: patterns for hasByte.
export const QUOTES: u64 = 0x22 * ONES;
export const BACKSLASHES: u64 = 0x5c * ONES;

// Whether any byte of w equals the byte repeated in `pattern` (`b * ONES`).
@inline export function hasByte(w: u64, pattern: u64): bool {
  let x = w ^ pattern;
  return ((x - ONES) & ~x & HIGHS) != 0;
}

// Whether any byte of w is below n (n at most 128).
@inline export function hasLess(w: u64, n: u64): bool {
  return ((w - ONES * n) & ~w & HIGHS) != 0;
}

// The first position from p of a word that may hold b1 or b2 (each `b * ONES`) or a byte with a
// bit of `stop` set; the caller's byte loop takes it from there.
export function skipWords(s: usize, p: i32, n: i32, b1: u64, b2: u64, stop: u64): i32 {
  while (p + 8 <= n) {
    let w = load<u64>(s + <usize>p);
    if (hasByte(w, b1) || hasByte(w, b2) || (w & stop) != 0) return p;
    p += 8;
  }
  return p;
}
