// Bitwise operations on big integers (bigint.ts's sign and magnitude) with Go's big.Int
// semantics, which OPA's bits.* use: they act on the infinite two's complement form, so a
// negative operand behaves as if its sign bit were repeated forever.
import { bigAdd, bigFromI64, bigNeg, limb, newBig, setLimb, sign, size, trim } from "./bigint";

export const BIT_AND: i32 = 0;
export const BIT_OR: i32 = 1;
export const BIT_XOR: i32 = 2;

function lowestNonZeroLimb(b: usize): i32 {
  let i = 0;
  while (i < size(b) && limb(b, i) == 0) i++;
  return i;
}

// Limb i of b's two's complement form, any i >= 0; z is lowestNonZeroLimb(b). For a negative b
// that is ~|b| + 1, whose carry only reaches limb z: below it the limbs of |b| are all zero.
function twos(b: usize, z: i32, i: i32): u64 {
  if (sign(b) >= 0) return limb(b, i);
  if (i < z) return 0;
  let x = ~limb(b, i) & 0xffffffff;
  return i == z ? x + 1 : x; // limb z of |b| is not zero, so x + 1 does not carry on
}

// The big integer whose two's complement form is r's n limbs, the top one being all sign bits.
// r is overwritten.
function fromTwos(r: usize, n: i32): usize {
  if ((limb(r, n - 1) >> 31) == 0) return trim(r, 1);
  let carry: u64 = 1;
  for (let i = 0; i < n; i++) {
    let x = (~limb(r, i) & 0xffffffff) + carry;
    setLimb(r, i, x & 0xffffffff);
    carry = x >> 32;
  }
  return trim(r, -1);
}

// a AND/OR/XOR b (op: BIT_AND, BIT_OR, BIT_XOR).
export function bigBitwise(op: i32, a: usize, b: usize): usize {
  // One limb more than either operand holds nothing but sign bits, so the result's sign shows.
  let n = max(size(a), size(b)) + 1;
  let za = lowestNonZeroLimb(a);
  let zb = lowestNonZeroLimb(b);
  let r = newBig(n);
  for (let i = 0; i < n; i++) {
    let x = twos(a, za, i);
    let y = twos(b, zb, i);
    setLimb(r, i, op == BIT_AND ? x & y : op == BIT_OR ? x | y : x ^ y);
  }
  return fromTwos(r, n);
}

// NOT a, which in two's complement is -a - 1.
export function bigNot(a: usize): usize {
  return bigAdd(bigNeg(a), bigFromI64(-1));
}

// a >> s rounding toward negative infinity (an arithmetic shift), s >= 0.
export function bigShr(a: usize, s: i64): usize {
  // Past the top limb only sign bits are left; a bounded count keeps the limb index in range.
  let most = (<i64>size(a) << 5) + 32;
  let bits = <i32>(s < most ? s : most);
  let words = bits >> 5;
  let rest = bits & 31;
  let n = size(a) + 1;
  let z = lowestNonZeroLimb(a);
  let r = newBig(n);
  for (let i = 0; i < n; i++) {
    let lo = twos(a, z, i + words);
    let x = rest ? (lo >> <u64>rest) | (twos(a, z, i + words + 1) << <u64>(32 - rest)) : lo;
    setLimb(r, i, x & 0xffffffff);
  }
  return fromTwos(r, n);
}
