// Sets and objects built out of order. Keeping a collection sorted on every insert moves its
// tail each time, so n inserts in descending order cost n²/2 slot moves: a 4 MB argument object
// of 450,000 keys took 8.5 s to parse. An insert that would move a long tail appends instead and
// marks the collection unsettled (header byte +1); the first read (colLen/colData) sorts it once,
// stably, and drops the duplicates the appends let in: n log n for any insertion order.
//
// A collection read while it is being built (a graph search's visited set, a partial object
// rule checking each key) would be sorted again at every read; once read, it is marked READ and
// its inserts stay in place, as they always did.
import { compareValues } from "./compare";
import { sortSlots } from "./builtins/sort";
import { openSlot } from "./vec";
import { T_OBJECT } from "./value";

// Inserts that would move at most this many slots stay in place: small objects (every input has
// dozens) never pay for a sort.
export const MOVE_IN_PLACE_MAX: i32 = 32;

const UNSETTLED: u8 = 1;
const READ: u8 = 2;

@inline export function isUnsettled(v: usize): bool {
  return load<u8>(v, 1) == UNSETTLED;
}

// Orders the slots (4 bytes: a set's members; 8: an object's key and value, by key) and removes
// duplicates. Stable, so among equal members the first inserted stays (as an in-place insert
// keeps the member already there); an object keeps the first key and the last value (as an
// in-place insert overwrites the value).
//
// A sort cut short by an exhausted budget leaves the slots mixed up; that is harmless only
// because nothing unsettled outlives an evaluation: parsing (inputs, data) settles what it builds.
export function settle(v: usize): void {
  let n = load<i32>(v, 4);
  let data = load<usize>(v, 12);
  let slot = slotOf(v);
  if (n > 1) sortSlots(data, n, slot);
  store<i32>(v, dedupe(data, n, slot), 4);
  store<u8>(v, READ, 1);
}

// Where the slot for index i goes: there, moving the tail, or (for a long tail) at the end, with
// the collection marked unsettled. An unsettled collection only ever gets appended to.
export function placeSlot(v: usize, i: i32, slot: i32): usize {
  let n = load<i32>(v, 4);
  if (n - i <= MOVE_IN_PLACE_MAX || load<u8>(v, 1) == READ) return openSlot(v, i, slot);
  store<u8>(v, UNSETTLED, 1);
  return openSlot(v, n, slot);
}

@inline export function appendSlot(v: usize, slot: i32): usize {
  return openSlot(v, load<i32>(v, 4), slot);
}

// A set's slot holds a member, an object's a key and its value.
@inline function slotOf(v: usize): usize {
  return load<u8>(v) == T_OBJECT ? 8 : 4;
}

function dedupe(data: usize, n: i32, slot: usize): i32 {
  if (n < 2) return n;
  let kept = 0;
  for (let i = 1; i < n; i++) {
    let at = data + <usize>i * slot;
    let last = data + <usize>kept * slot;
    if (compareValues(load<usize>(last), load<usize>(at)) == 0) {
      if (slot == 8) store<usize>(last, load<usize>(at, 4), 4);
      continue;
    }
    kept++;
    if (<i32>kept != i) memory.copy(data + <usize>kept * slot, at, slot);
  }
  return kept + 1;
}
