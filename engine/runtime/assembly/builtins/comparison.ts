// equal, neq, lt, lte, gt, gte over the total order of values (any types).
import { opa_boolean } from "../value";
import { compareValues } from "../compare";

function cmp(a: usize, b: usize): i32 {
  return compareValues(a, b);
}

export function builtin_equal(a: usize, b: usize): usize {
  return a && b ? opa_boolean(cmp(a, b) == 0 ? 1 : 0) : 0;
}

export function builtin_neq(a: usize, b: usize): usize {
  return a && b ? opa_boolean(cmp(a, b) != 0 ? 1 : 0) : 0;
}

export function builtin_lt(a: usize, b: usize): usize {
  return a && b ? opa_boolean(cmp(a, b) < 0 ? 1 : 0) : 0;
}

export function builtin_lte(a: usize, b: usize): usize {
  return a && b ? opa_boolean(cmp(a, b) <= 0 ? 1 : 0) : 0;
}

export function builtin_gt(a: usize, b: usize): usize {
  return a && b ? opa_boolean(cmp(a, b) > 0 ? 1 : 0) : 0;
}

export function builtin_gte(a: usize, b: usize): usize {
  return a && b ? opa_boolean(cmp(a, b) >= 0 ? 1 : 0) : 0;
}
