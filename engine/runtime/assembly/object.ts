// Objects: key/value pairs kept sorted by key, so iteration and dumps are deterministic.
import { T_OBJECT, colData, readData } from "./value";
import { newCollection, closeSlot } from "./vec";
import { appendSlot, isUnsettled, placeSlot } from "./settle";
import { searchSlots } from "./sorted";
import { valuesEqual } from "./compare";
import { NOT_KEPT, changing, keepLookup, keptLookup } from "./lookup-cache";

export function opa_object(): usize {
  return newCollection(T_OBJECT, 0, 8);
}

@inline export function objKeyAt(obj: usize, i: i32): usize {
  return load<usize>(readData(obj) + (<usize>i << 3));
}

@inline export function objValAt(obj: usize, i: i32): usize {
  return load<usize>(readData(obj) + (<usize>i << 3), 4);
}

export function objGet(obj: usize, key: usize): usize {
  let kept = keptLookup(obj, key);
  if (kept != NOT_KEPT) return kept;
  let i = searchSlots(obj, key, 8);
  let value = i >= 0 ? objValAt(obj, i) : 0;
  keepLookup(obj, key, value);
  return value;
}

export function opa_object_insert(obj: usize, key: usize, val: usize): void {
  changing(obj);
  let at: usize;
  if (isUnsettled(obj)) {
    at = appendSlot(obj, 8);
  } else {
    let i = searchSlots(obj, key, 8);
    if (i >= 0) {
      store<usize>(colData(obj) + (<usize>i << 3), val, 4);
      return;
    }
    at = placeSlot(obj, -i - 1, 8);
  }
  store<usize>(at, key);
  store<usize>(at, val, 4);
}

export function warden_object_insert_once(obj: usize, key: usize, val: usize): i32 {
  let i = searchSlots(obj, key, 8);
  if (i >= 0) return valuesEqual(objValAt(obj, i), val) ? 1 : 0;
  opa_object_insert(obj, key, val);
  return 1;
}

export function objRemove(obj: usize, key: usize): bool {
  changing(obj);
  let i = searchSlots(obj, key, 8);
  if (i < 0) return false;
  closeSlot(obj, i, 8);
  return true;
}
