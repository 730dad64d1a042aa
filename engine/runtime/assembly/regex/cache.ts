// Compiled patterns outlive an evaluation: the heap is reset before each one, so programs are
// kept in the allocator's persistent region (alloc.ts). A policy calls a handful of patterns; when the table or the arena fills up, the
// whole cache is dropped and refilled, which bounds it when patterns come from input.
// Entry (16 bytes): pattern hash, pattern copy, pattern length, program (or UNSUPPORTED).
import { persistentArena } from "../alloc";
import { parsePattern } from "./parse";
import { compileTree, blockSize, MAX_INST } from "./prog";
import { withLookahead } from "./prune";

const SLOTS = 128;
const MAX_ENTRIES = 96;
const ENTRY = 16;
// The first part of the persistent region: the cache, then the matcher's scratch (per
// instruction a mark, two stack slots and a slot in each of two thread lists: 20 bytes, and a
// little). The DFA states (dfa-states.ts) take the rest.
export const REGEX_CACHE_BYTES: usize = 262144;
const SCRATCH_BYTES = MAX_INST * 20 + 64;
const ARENA_BYTES = <i32>REGEX_CACHE_BYTES - SCRATCH_BYTES;
// Patterns whose bytes lie in the policy's data segment (below the arena) never change, so they
// are also found by address, without hashing: direct-mapped entries of address, length, program.
const BY_ADDRESS = 64;
const BY_ADDRESS_ENTRY = 12;
const TABLE_BYTES = SLOTS * ENTRY + BY_ADDRESS * BY_ADDRESS_ENTRY;
export const UNSUPPORTED: usize = 1;
// Longer patterns are the host's: compiling them would crowd the arena.
const MAX_PATTERN = 4096;

let ARENA: usize = 0;
let top: usize = 0;
let entries = 0;

// Working memory for one match, reused by every call (matching never re-enters itself).
export function matchScratch(): usize {
  init();
  return ARENA + <usize>ARENA_BYTES;
}

function init(): void {
  if (top) return;
  ARENA = persistentArena();
  reset();
}

// The program for a pattern, or UNSUPPORTED when the host must run it.
export function programFor(p: usize, n: i32): usize {
  if (n > MAX_PATTERN) return UNSUPPORTED;
  init();
  let fixed = p + <usize>n <= ARENA;
  let direct = ARENA + <usize>(SLOTS * ENTRY) + <usize>((<i32>(p >> 2) & (BY_ADDRESS - 1)) * BY_ADDRESS_ENTRY);
  let known = load<usize>(direct, 8);
  if (fixed && known && load<usize>(direct) == p && load<i32>(direct, 4) == n) return known;
  let prog = lookup(p, n);
  if (fixed) {
    store<usize>(direct, p);
    store<i32>(direct, n, 4);
    store<usize>(direct, prog, 8);
  }
  return prog;
}

function lookup(p: usize, n: i32): usize {
  let h = hash(p, n);
  let slot = find(h, p, n);
  let prog = load<usize>(slot, 12);
  if (prog) return prog;
  let tree = parsePattern(p, n);
  let block = tree ? compileTree(tree) : 0;
  if (block) block = withLookahead(block);
  let size = block ? blockSize(block) : 0;
  if (TABLE_BYTES + n + <i32>size + 32 > ARENA_BYTES) return UNSUPPORTED;
  if (entries >= MAX_ENTRIES || top + <usize>n + size + 32 > ARENA + <usize>ARENA_BYTES) {
    reset();
    slot = find(h, p, n);
  }
  let copy = top;
  memory.copy(copy, p, <usize>n);
  top = (top + <usize>n + 15) & ~15;
  prog = UNSUPPORTED;
  if (block) {
    prog = top;
    memory.copy(prog, block, size);
    top = (top + size + 15) & ~15;
  }
  store<u32>(slot, h);
  store<usize>(slot, copy, 4);
  store<i32>(slot, n, 8);
  store<usize>(slot, prog, 12);
  entries++;
  return prog;
}

function reset(): void {
  memory.fill(ARENA, 0, TABLE_BYTES);
  top = ARENA + TABLE_BYTES;
  entries = 0;
}

// The slot holding the pattern, or the empty slot where it belongs.
function find(h: u32, p: usize, n: i32): usize {
  let i = <i32>(h & (SLOTS - 1));
  while (true) {
    let slot = ARENA + <usize>(i * ENTRY);
    if (!load<usize>(slot, 12)) return slot;
    if (load<u32>(slot) == h && load<i32>(slot, 8) == n && memory.compare(load<usize>(slot, 4), p, <usize>n) == 0) {
      return slot;
    }
    i = (i + 1) & (SLOTS - 1);
  }
}

// FNV-1a.
function hash(p: usize, n: i32): u32 {
  let h: u32 = 0x811c9dc5;
  for (let i = 0; i < n; i++) h = (h ^ <u32>load<u8>(p + i)) * 0x01000193;
  return h;
}
