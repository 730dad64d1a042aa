// abs, round, ceil, floor and numbers.range.
import { K_BIG, K_FLOAT, K_INT, numClass, numI64, numF64, numberFromF64, opa_number_int } from "../number";
import { bigAbs, bigOf, bigToValue } from "../bigint";
import { opa_array_with_cap, opa_array_append } from "../array";
import { isIntArg, intArgValue, isNum } from "./args";
import { burnFuel } from "../fuel";

export function builtin_abs(a: usize): usize {
  if (!isNum(a)) return 0;
  let k = numClass(a);
  if (k == K_INT && numI64(a) >= 0) return a;
  if (k == K_INT && numI64(a) != i64.MIN_VALUE) return opa_number_int(-numI64(a));
  if (k == K_FLOAT) return numberFromF64(Math.abs(numF64(a)));
  return bigToValue(bigAbs(bigOf(a)));
}

// Integers are returned as they are: an f64 round trip would lose precision beyond 2^53.
function isExactInteger(a: usize): bool {
  let k = numClass(a);
  return k == K_INT || k == K_BIG;
}

// Half away from zero, as Go's math.Round.
export function builtin_round(a: usize): usize {
  if (!isNum(a)) return 0;
  if (isExactInteger(a)) return a;
  let x = numF64(a);
  let ax = Math.abs(x);
  if (ax == Math.floor(ax)) return numberFromF64(x);
  // ax - trunc(ax) is exact, unlike ax + 0.5 (which rounds 0.49999999999999994 up).
  let r = Math.trunc(ax);
  if (ax - r >= 0.5) r += 1;
  return numberFromF64(x < 0 ? -r : r);
}

export function builtin_ceil(a: usize): usize {
  if (!isNum(a)) return 0;
  return isExactInteger(a) ? a : numberFromF64(Math.ceil(numF64(a)));
}

export function builtin_floor(a: usize): usize {
  if (!isNum(a)) return 0;
  return isExactInteger(a) ? a : numberFromF64(Math.floor(numF64(a)));
}

// Inclusive at both ends, descending when a > b.
export function builtin_numbers_range(a: usize, b: usize): usize {
  if (!isIntArg(a)) return 0;
  let from = intArgValue();
  if (!isIntArg(b)) return 0;
  let to = intArgValue();
  let step: i64 = from <= to ? 1 : -1;
  let n = (to - from) * step + 1;
  if (n > 0x7fffffff) return 0;
  burnFuel(n);
  let arr = opa_array_with_cap(<i32>n);
  for (let i: i64 = 0; i < n; i++) opa_array_append(arr, opa_number_int(from + i * step));
  return arr;
}
