// Growable element storage shared by arrays (4-byte slots), sets (4) and objects (8: key, value).
// Header: type at +0, length at +4, capacity at +8, data pointer at +12.
import { alloc, tryExtend } from "./alloc";
import { burnFuel } from "./fuel";

export function newCollection(type: u8, cap: i32, slot: i32): usize {
  let v = alloc(16);
  store<u32>(v, type);
  store<i32>(v, 0, 4);
  store<i32>(v, cap, 8);
  store<usize>(v, cap ? alloc(<usize>(cap * slot)) : 0, 12);
  return v;
}

// Makes room for one more slot.
export function reserveOne(v: usize, slot: i32): void {
  let len = load<i32>(v, 4);
  let cap = load<i32>(v, 8);
  if (len < cap) return;
  let data = load<usize>(v, 12);
  let next = cap < 4 ? 4 : cap * 2;
  if (!data || !tryExtend(data, <usize>(cap * slot), <usize>(next * slot))) {
    let fresh = alloc(<usize>(next * slot));
    if (len) memory.copy(fresh, data, <usize>(len * slot));
    store<usize>(v, fresh, 12);
  }
  store<i32>(v, next, 8);
}

// Opens a gap at index i (0 <= i <= length) and bumps the length; the caller fills the gap.
export function openSlot(v: usize, i: i32, slot: i32): usize {
  reserveOne(v, slot);
  let len = load<i32>(v, 4);
  let data = load<usize>(v, 12);
  let at = data + <usize>(i * slot);
  if (i < len) {
    let moved = <usize>((len - i) * slot);
    // Inserting into the middle of a large sorted set or object moves its tail: a unit of fuel
    // per 512 bytes moved, so building one out of order costs what it takes.
    if (moved >= 512) burnFuel(<i64>(moved >> 9));
    memory.copy(at + slot, at, moved);
  }
  store<i32>(v, len + 1, 4);
  return at;
}

// Removes the slot at index i.
export function closeSlot(v: usize, i: i32, slot: i32): void {
  let len = load<i32>(v, 4);
  let at = load<usize>(v, 12) + <usize>(i * slot);
  memory.copy(at, at + slot, <usize>((len - i - 1) * slot));
  store<i32>(v, len - 1, 4);
}
