// Sets: members kept sorted and unique.
import { T_SET, readData } from "./value";
import { newCollection } from "./vec";
import { appendSlot, isUnsettled, placeSlot } from "./settle";
import { searchSlots } from "./sorted";

export function opa_set(): usize {
  return newCollection(T_SET, 0, 4);
}

@inline export function setAt(set: usize, i: i32): usize {
  return load<usize>(readData(set) + (<usize>i << 2));
}

export function setFind(set: usize, v: usize): usize {
  let i = searchSlots(set, v, 4);
  return i >= 0 ? setAt(set, i) : 0;
}

export function opa_set_add(set: usize, v: usize): void {
  if (isUnsettled(set)) {
    store<usize>(appendSlot(set, 4), v);
    return;
  }
  let i = searchSlots(set, v, 4);
  if (i < 0) store<usize>(placeSlot(set, -i - 1, 4), v);
}
