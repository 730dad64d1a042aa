// Set algebra over sorted member lists, each in one linear walk.
import { colLen } from "./value";
import { compareValues } from "./compare";
import { opa_set, opa_set_add, setAt } from "./set";

export function copySet(s: usize): usize {
  let out = opa_set();
  let n = colLen(s);
  for (let i = 0; i < n; i++) opa_set_add(out, setAt(s, i));
  return out;
}

// Walks both sorted member lists once; `keep` selects members only in a (1), in both (2),
// or only in b (4).
function merge(a: usize, b: usize, keep: i32): usize {
  let out = opa_set();
  let i = 0;
  let j = 0;
  let na = colLen(a);
  let nb = colLen(b);
  while (i < na || j < nb) {
    let c = i >= na ? 1 : j >= nb ? -1 : compareValues(setAt(a, i), setAt(b, j));
    if (c < 0) {
      if (keep & 1) opa_set_add(out, setAt(a, i));
      i++;
    } else if (c > 0) {
      if (keep & 4) opa_set_add(out, setAt(b, j));
      j++;
    } else {
      if (keep & 2) opa_set_add(out, setAt(a, i));
      i++;
      j++;
    }
  }
  return out;
}

export function setDifference(a: usize, b: usize): usize {
  return merge(a, b, 1);
}

export function setIntersection(a: usize, b: usize): usize {
  return merge(a, b, 2);
}

export function setUnion(a: usize, b: usize): usize {
  return merge(a, b, 7);
}
