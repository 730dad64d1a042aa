// and (&), or (|), and intersection / union of a set of sets.
import { colLen } from "../value";
import { opa_set, setAt } from "../set";
import { copySet, setIntersection, setUnion } from "../set-algebra";
import { isSet } from "./args";

export function builtin_and(a: usize, b: usize): usize {
  return isSet(a) && isSet(b) ? setIntersection(a, b) : 0;
}

export function builtin_or(a: usize, b: usize): usize {
  return isSet(a) && isSet(b) ? setUnion(a, b) : 0;
}

// Every member must itself be a set.
function allSets(s: usize): bool {
  let n = colLen(s);
  for (let i = 0; i < n; i++) if (!isSet(setAt(s, i))) return false;
  return true;
}

export function builtin_intersection(s: usize): usize {
  if (!isSet(s) || !allSets(s)) return 0;
  let n = colLen(s);
  if (n == 0) return opa_set();
  let acc = copySet(setAt(s, 0));
  for (let i = 1; i < n; i++) acc = setIntersection(acc, setAt(s, i));
  return acc;
}

export function builtin_union(s: usize): usize {
  if (!isSet(s) || !allSets(s)) return 0;
  let acc = opa_set();
  let n = colLen(s);
  for (let i = 0; i < n; i++) acc = setUnion(acc, setAt(s, i));
  return acc;
}
