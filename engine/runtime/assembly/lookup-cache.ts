// Lookups repeat: many rules of one evaluation read the same members of the input and of data
// (`input.method`, `input.params`, a setting under data.config), and each read is a binary search
// comparing key bytes. The data and the input are parsed before an evaluation starts, and nothing
// changes them during it (`with` copies what it replaces), so a lookup in them gives the same
// answer all evaluation long. Their values lie below the heap top the evaluation started at; a
// lookup in such an object is kept here, by object and key address, until the evaluation ends.
// An insert into or removal from such an object (the ABI's opa_value_add_path, used between
// evaluations, or anything else) forgets everything kept.
import { isCharging } from "./fuel";

const ENTRIES = 256;
const ENTRY = 16;
// Entry: object, key, generation, value (0 when absent).
const TABLE = memory.data(ENTRIES * ENTRY);

let generation: u32 = 1;
let immutableBelow: usize = 0;

export const NOT_KEPT: usize = <usize>-1;

// Called when an evaluation starts, with the heap top: everything below was there before.
export function beginLookups(top: usize): void {
  generation++;
  immutableBelow = top;
}

@inline function entryFor(obj: usize, key: usize): usize {
  let h = <u32>(obj >> 3) * 0x9e3779b1 ^ <u32>(key >> 2);
  return TABLE + <usize>(((h ^ (h >> 16)) & (ENTRIES - 1)) * ENTRY);
}

// The value kept for key in obj, or NOT_KEPT.
@inline export function keptLookup(obj: usize, key: usize): usize {
  if (obj >= immutableBelow || !isCharging()) return NOT_KEPT;
  let e = entryFor(obj, key);
  if (load<usize>(e) == obj && load<usize>(e, 4) == key && load<u32>(e, 8) == generation) return load<usize>(e, 12);
  return NOT_KEPT;
}

export function keepLookup(obj: usize, key: usize, value: usize): void {
  if (obj >= immutableBelow || !isCharging()) return;
  let e = entryFor(obj, key);
  store<usize>(e, obj);
  store<usize>(e, key, 4);
  store<u32>(e, generation, 8);
  store<usize>(e, value, 12);
}

// An object below the evaluation's start is about to change.
@inline export function changing(obj: usize): void {
  if (obj < immutableBelow) generation++;
}
