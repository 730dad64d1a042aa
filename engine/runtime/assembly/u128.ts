// 128-bit unsigned helpers on u64 halves for the fast paths of wide-float.ts; results in
// U_HI/U_LO (and U_REM for division).
export let U_HI: u64 = 0;
export let U_LO: u64 = 0;
export let U_REM: u64 = 0;

// a x b.
export function mul64(a: u64, b: u64): void {
  let a0 = a & 0xffffffff;
  let a1 = a >> 32;
  let b0 = b & 0xffffffff;
  let b1 = b >> 32;
  let p00 = a0 * b0;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let p11 = a1 * b1;
  let mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  U_LO = (mid << 32) | (p00 & 0xffffffff);
  U_HI = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

// floor((hi:lo) / d) with hi < d, so that the quotient fits 64 bits; remainder to U_REM.
export function div128(hi: u64, lo: u64, d: u64): u64 {
  let r = hi;
  let q: u64 = 0;
  for (let i = 0; i < 64; i++) {
    let carry = r >> 63;
    r = (r << 1) | (lo >> 63);
    lo <<= 1;
    q <<= 1;
    if (carry != 0 || r >= d) {
      r -= d;
      q |= 1;
    }
  }
  U_REM = r;
  return q;
}

// (hi:lo) << s for 0 <= s < 128.
export function shl128(hi: u64, lo: u64, s: i32): void {
  if (s == 0) {
    U_HI = hi;
    U_LO = lo;
  } else if (s < 64) {
    U_HI = (hi << <u64>s) | (lo >> <u64>(64 - s));
    U_LO = lo << <u64>s;
  } else {
    U_HI = lo << <u64>(s - 64);
    U_LO = 0;
  }
}
