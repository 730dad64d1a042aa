// Sets: members kept sorted and unique.
import { T_SET, colData } from "./value";
import { newCollection, openSlot } from "./vec";
import { searchSlots } from "./sorted";

export function opa_set(): usize {
  return newCollection(T_SET, 0, 4);
}

@inline export function setAt(set: usize, i: i32): usize {
  return load<usize>(colData(set) + (<usize>i << 2));
}

export function setFind(set: usize, v: usize): usize {
  let i = searchSlots(set, v, 4);
  return i >= 0 ? setAt(set, i) : 0;
}

export function opa_set_add(set: usize, v: usize): void {
  let i = searchSlots(set, v, 4);
  if (i < 0) store<usize>(openSlot(set, -i - 1, 4), v);
}
