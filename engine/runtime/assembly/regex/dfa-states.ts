// The states of the lazy DFA (dfa.ts): per program a cache in the pool that follows the regex
// cache in the persistent region, made on first use and grown as states are added; state
// records, their hash index, the transition table, and the steps kept on non-ASCII code points.
// A full pool is emptied as a whole: caches are found again only through its generation.
import { persistentArena, PERSISTENT_BYTES } from "../alloc";
import { burnFuel } from "../fuel";
import { matchScratch, REGEX_CACHE_BYTES } from "./cache";
import { C_OTHER, C_START, byteClasses } from "./byte-classes";
import { DFA_SLOT } from "./prog";

// What findOrAdd or a step could not do: the program's table, or the pool, is full.
export const FULL_STATES = -4;
export const FULL_POOL = -5;
// No step kept (wideStep).
export const NOT_KEPT = 0;

const POOL_BYTES = <i32>(PERSISTENT_BYTES - REGEX_CACHE_BYTES);
const MAX_PROGRAM = 1024;
// Bytes of transition table a program may grow to, which bounds its states. Tables start small
// and double: a policy's patterns mostly need a few states each, and share the pool.
const TABLE_BYTES = 16384;
const FIRST_STATES = 8;
const MIN_STATES = 16;
const MAX_STATES = 512;
const MAX_FLUSHES = 4;
// A pool emptied again within this many scans holds less than the patterns in use need: making
// states would only be thrown away, so for the next COOL_DOWN scans no new cache is made and
// patterns without one run on the NFA, as RE2 bails out of a DFA whose cache keeps filling up.
const THRASH_SCANS = 256;
const COOL_DOWN = 65536;

// Cache header: generation, program, columns (classes + end), states, state capacity,
// transitions, state records (set, length, context), hash slots, hash mask, flushes, disabled,
// the capacity it may grow to, then the class of each ASCII byte.
const H_GEN = 0;
const H_PROG = 4;
export const H_COLS = 8;
const H_STATES = 12;
const H_CAP = 16;
export const H_TRANS = 20;
export const H_INFO = 24;
const H_HASH = 28;
const H_MASK = 32;
const H_FLUSHES = 36;
const H_DISABLED = 40;
const H_LIMIT = 44;
export const H_CLASS_OF = 48;
// Steps on non-ASCII code points, direct-mapped: from entry, code point, to entry.
const H_WIDE = H_CLASS_OF + 128;
const WIDE = 64;
const H_SIZE = H_WIDE + WIDE * 12;
export const INFO = 12;

let poolBase: usize = 0;
let poolTop: usize = 0;
let poolGen = 0;
let scans = 0;
let lastReset = 0;
let coolDown = 0;

// The entry of the state with no live thread after a byte of context ctx: state ctx.
@inline export function emptyEntry(cols: i32, ctx: i32): i32 {
  return ctx * cols * 4 + 4;
}

@inline function wideSlot(c: usize, from: i32, cp: i32): usize {
  return c + H_WIDE + <usize>((((from >> 2) * 31 + cp) & (WIDE - 1)) * 12);
}

// The kept step from entry `from` on code point cp, or NOT_KEPT.
export function wideStep(c: usize, from: i32, cp: i32): i32 {
  let slot = wideSlot(c, from, cp);
  return load<i32>(slot) == from && load<i32>(slot, 4) == cp ? load<i32>(slot, 8) : NOT_KEPT;
}

export function keepWide(c: usize, from: i32, cp: i32, to: i32): void {
  if (to <= 0) return;
  let slot = wideSlot(c, from, cp);
  store<i32>(slot, from);
  store<i32>(slot, cp, 4);
  store<i32>(slot, to, 8);
}

// Starts a cleared table over: no kept non-ASCII step, and states 0-3, the empty ones, alone.
function startEmpty(c: usize): bool {
  store<i32>(c, 0, H_STATES);
  memory.fill(c + H_WIDE, 0, WIDE * 12);
  for (let ctx = C_START; ctx <= C_OTHER; ctx++) {
    if (findOrAdd(c, ctx, 0, 0) != emptyEntry(load<i32>(c, H_COLS), ctx)) return false;
  }
  return true;
}

// FNV-1a over the context and the instructions of a set.
function setHash(ctx: i32, list: usize, n: i32): u32 {
  let h: u32 = 0x811c9dc5 ^ <u32>ctx;
  for (let i = 0; i < n; i++) h = (h ^ load<u32>(list + <usize>(i * 4))) * 0x01000193;
  return h;
}

export function findOrAdd(c: usize, ctx: i32, list: usize, n: i32): i32 {
  let h = setHash(ctx, list, n);
  let mask = load<i32>(c, H_MASK);
  let hash = load<usize>(c, H_HASH);
  let info = load<usize>(c, H_INFO);
  let i = <i32>(h & <u32>mask);
  while (true) {
    let slot = hash + <usize>(i * 4);
    let entry = load<i32>(slot);
    if (entry == 0) break;
    let record = info + <usize>((entry - 1) * INFO);
    if (load<i32>(record, 8) == ctx && load<i32>(record, 4) == n && memory.compare(load<usize>(record), list, <usize>(n * 4)) == 0) {
      return entryOf(c, entry - 1);
    }
    i = (i + 1) & mask;
  }
  let states = load<i32>(c, H_STATES);
  if (states == load<i32>(c, H_CAP)) {
    let grown = grow(c);
    if (grown < 0) return grown;
    return findOrAdd(c, ctx, list, n);
  }
  let set = poolAlloc(<usize>(n * 4));
  if (!set) return FULL_POOL;
  memory.copy(set, list, <usize>(n * 4));
  let record = info + <usize>(states * INFO);
  store<usize>(record, set);
  store<i32>(record, n, 4);
  store<i32>(record, ctx, 8);
  store<i32>(hash + <usize>(i * 4), states + 1);
  store<i32>(c, states + 1, H_STATES);
  return entryOf(c, states);
}

@inline function entryOf(c: usize, state: i32): i32 {
  return state * load<i32>(c, H_COLS) * 4 + 4;
}

// The program's cache, made on first use; 0 when the program is left to the NFA.
export function cacheFor(block: usize): usize {
  if (!poolBase) {
    poolBase = persistentArena() + REGEX_CACHE_BYTES;
    resetPool();
  }
  let c = load<usize>(block, DFA_SLOT);
  if (c >= poolBase && c < poolTop && load<i32>(c, H_GEN) == poolGen && load<usize>(c, H_PROG) == block) {
    return load<i32>(c, H_DISABLED) ? 0 : c;
  }
  let count = load<i32>(block);
  if (count > MAX_PROGRAM || coolDown > 0) return 0;
  c = newCache(block, count);
  store<usize>(block, c, DFA_SLOT);
  return c;
}

function newCache(block: usize, count: i32): usize {
  let classes = byteClasses(block, count, matchScratch());
  // Each instruction is asked about each ASCII byte: charged as that many thread steps.
  burnFuel(<i64>((count * 128) >> 4));
  let c = makeCache(block, classes + 1);
  if (c) return c;
  resetPool();
  return makeCache(block, classes + 1);
}

// A cache with room for its first states, or 0 when the pool is full.
function makeCache(block: usize, cols: i32): usize {
  let c = poolAlloc(H_SIZE);
  if (!c) return 0;
  memory.copy(c + H_CLASS_OF, matchScratch(), 128);
  store<i32>(c, poolGen, H_GEN);
  store<usize>(c, block, H_PROG);
  store<i32>(c, cols, H_COLS);
  store<i32>(c, min(MAX_STATES, max(MIN_STATES, TABLE_BYTES / (cols * 4))), H_LIMIT);
  store<i32>(c, 0, H_FLUSHES);
  store<i32>(c, 0, H_DISABLED);
  store<i32>(c, 0, H_CAP);
  store<i32>(c, 0, H_STATES);
  return grow(c) < 0 || !startEmpty(c) ? 0 : c;
}

// Doubles the room for states (the first call makes it): the transitions and records are
// copied, state numbers stay, and the hash slots are filled again.
function grow(c: usize): i32 {
  let cap = load<i32>(c, H_CAP);
  let limit = load<i32>(c, H_LIMIT);
  if (cap >= limit) return FULL_STATES;
  let fresh = cap ? min(limit, cap * 2) : min(limit, FIRST_STATES);
  let cols = load<i32>(c, H_COLS);
  let slots = 1;
  while (slots < fresh * 2) slots <<= 1;
  let trans = poolAlloc(<usize>(fresh * cols * 4));
  let info = poolAlloc(<usize>(fresh * INFO));
  let hash = poolAlloc(<usize>(slots * 4));
  if (!trans || !info || !hash) return FULL_POOL;
  let states = load<i32>(c, H_STATES);
  let used = <usize>(states * cols * 4);
  if (states) {
    memory.copy(trans, load<usize>(c, H_TRANS), used);
    memory.copy(info, load<usize>(c, H_INFO), <usize>(states * INFO));
  }
  memory.fill(trans + used, 0, <usize>(fresh * cols * 4) - used);
  memory.fill(hash, 0, <usize>(slots * 4));
  for (let k = 0; k < states; k++) {
    let record = info + <usize>(k * INFO);
    let i = <i32>(setHash(load<i32>(record, 8), load<usize>(record), load<i32>(record, 4)) & <u32>(slots - 1));
    while (load<i32>(hash + <usize>(i * 4))) i = (i + 1) & (slots - 1);
    store<i32>(hash + <usize>(i * 4), k + 1);
  }
  store<usize>(c, trans, H_TRANS);
  store<usize>(c, info, H_INFO);
  store<usize>(c, hash, H_HASH);
  store<i32>(c, slots - 1, H_MASK);
  store<i32>(c, fresh, H_CAP);
  return 0;
}

// Empties the table of a program whose states outgrew it; a program that does so again and
// again is left to the NFA.
export function flush(c: usize): void {
  let flushes = load<i32>(c, H_FLUSHES) + 1;
  store<i32>(c, flushes, H_FLUSHES);
  if (flushes >= MAX_FLUSHES) store<i32>(c, 1, H_DISABLED);
  clearStates(c);
}

function clearStates(c: usize): void {
  let cap = load<i32>(c, H_CAP);
  let cols = load<i32>(c, H_COLS);
  memory.fill(load<usize>(c, H_TRANS), 0, <usize>(cap * cols * 4));
  memory.fill(load<usize>(c, H_HASH), 0, <usize>((load<i32>(c, H_MASK) + 1) * 4));
  if (!startEmpty(c)) store<i32>(c, 1, H_DISABLED);
}

function poolAlloc(size: usize): usize {
  let at = (poolTop + 7) & ~7;
  if (at + size > poolBase + <usize>POOL_BYTES) return 0;
  poolTop = at + size;
  return at;
}

// Drops every program's states: caches are found again only through a matching generation.
export function resetPool(): void {
  poolTop = poolBase;
  poolGen++;
  if (poolGen > 1 && scans - lastReset < THRASH_SCANS) coolDown = COOL_DOWN;
  lastReset = scans;
}

// Counts a scan, for the pool's thrash guard.
export function noteScan(): void {
  scans++;
  if (coolDown > 0) coolDown--;
}
