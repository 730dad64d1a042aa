// A lazy DFA in front of the NFA (match.ts). The NFA pays for every live thread at every byte:
// an e-mail pattern keeps a thread alive through each word of a text, 17 ns a byte. Here each
// set of threads met while scanning becomes a state, the step from a state on a byte is worked
// out the first time it is taken and looked up afterwards, and a scan costs one table lookup a
// byte. The states live in the persistent region with the program, so a policy's patterns keep
// them from one evaluation to the next.
//
// A state is the set of instructions the threads wait at (just after consuming a byte) and what
// the byte before was (text start, newline, word byte, other), which is all an assertion needs to
// know of the past. The step on the next byte follows jumps, splits and assertions from those
// instructions and from instruction 0 (a match may start anywhere) and keeps those that consume
// it. Bytes that every instruction and assertion treats alike share one column of the table.
//
// Bytes index the table; a non-ASCII code point is stepped on as the NFA would, through the
// same states, and the last few such steps are kept (WIDE). Text that is mostly non-ASCII, ill-
// formed UTF-8, and U+212A or U+017F under case folding (which the host judges) make it give up,
// and the NFA runs from the start. It also gives up when a program is too large or its states
// outgrow their table; a program that keeps outgrowing it is left to the NFA.
import { persistentArena, PERSISTENT_BYTES } from "../alloc";
import { burnFuel } from "../fuel";
import { ONES, HIGHS, skipWords } from "../swar";
import { matchScratch, REGEX_CACHE_BYTES } from "./cache";
import { decodeStrict, foldsToAscii, WIDTH } from "./decode";
import { isWordByte, A_BEGIN_TEXT, A_END_TEXT, A_BEGIN_LINE, A_END_LINE, A_WORD } from "./parse";
import { byteClasses } from "./byte-classes";
import { OP_MATCH, OP_SPLIT, OP_SPLIT_PRUNED, OP_JMP, OP_ASSERT, P_FEW_FIRST, P_FOLD, DFA_SLOT, consumesAt, instOp, instX, instY } from "./prog";

// runProgram's answers are 0 (no match) and 1 (match); this one sends it on to the NFA.
export const GAVE_UP = -2;

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

// What the byte before the scan position was.
const C_START = 0;
const C_NEWLINE = 1;
const C_WORD = 2;
const C_OTHER = 3;

// Transition table entries: 0 not worked out yet, T_MATCH, T_NONE (end of text, no match), or a
// state's entry (scan). Negative results of a step that could not be stored say why.
const T_MATCH = 1;
const END_STEP = -1;
const WIDE_STEP = -2;
const NOT_KEPT = 0;
const T_NONE = -1;
const FULL_STATES = -4;
const FULL_POOL = -5;

// Cache header: generation, program, columns (classes + end), states, state capacity,
// transitions, state records (set, length, context), hash slots, hash mask, flushes, disabled,
// the capacity it may grow to, then the class of each ASCII byte.
const H_GEN = 0;
const H_PROG = 4;
const H_COLS = 8;
const H_STATES = 12;
const H_CAP = 16;
const H_TRANS = 20;
const H_INFO = 24;
const H_HASH = 28;
const H_MASK = 32;
const H_FLUSHES = 36;
const H_DISABLED = 40;
const H_LIMIT = 44;
const H_CLASS_OF = 48;
// Steps on non-ASCII code points, direct-mapped: from entry, code point, to entry.
const H_WIDE = H_CLASS_OF + 128;
const WIDE = 64;
const H_SIZE = H_WIDE + WIDE * 12;
// A scan whose non-ASCII steps are mostly new (text in another script) is the NFA's: past
// WIDE_FREE of them, one in 16 bytes of the text scanned so far.
const WIDE_FREE = 32;
const INFO = 12;

let poolBase: usize = 0;
let poolTop: usize = 0;
let poolGen = 0;
let scans = 0;
let lastReset = 0;
let coolDown = 0;
let work = 0;
let marksReady = false;
let gen = 0;

export function runDfa(block: usize, s: usize, n: i32): i32 {
  scans++;
  if (coolDown > 0) coolDown--;
  let c = cacheFor(block);
  if (!c) return GAVE_UP;
  work = 0;
  marksReady = false;
  let r = scan(c, block, s, n);
  if (r == FULL_POOL) resetPool();
  else if (r == FULL_STATES) flush(c);
  burnFuel(<i64>(work >> 4));
  return r < 0 ? GAVE_UP : r;
}

// The scan proper. A table entry for a state is its row's byte offset + 4, so a step is one
// load and no multiplication. States 0-3 are the four with no live thread (one per context,
// addEmptyStates), so an entry below 4 rows + 4 says no thread is alive.
function scan(c: usize, block: usize, s: usize, n: i32): i32 {
  let classOf = c + H_CLASS_OF;
  let table = block + 8;
  let flags = load<i32>(block, 4);
  let few = (flags & P_FEW_FIRST) != 0;
  let fold = (flags & P_FOLD) != 0;
  let fresh = 0;
  let b1 = <u64>((flags >> 8) & 0xff) * ONES;
  let b2 = <u64>((flags >> 16) & 0xff) * ONES;
  let cols = load<i32>(c, H_COLS);
  let emptyEnd = 4 * cols * 4 + 4;
  let base = load<usize>(c, H_TRANS) - 4;
  let t = emptyEntry(cols, C_START);
  let p = 0;
  let skipped = 0;
  while (t >= 4) {
    if (t < emptyEnd) {
      // No thread is alive: skip bytes no match can begin with, as the NFA does, a word at a
      // time when at most two bytes can begin one.
      let q = few ? skipWords(s, p, n, b1, b2, HIGHS) : p;
      while (q < n) {
        let b = load<u8>(s + q);
        if (load<u8>(table + b)) break;
        if (b < 0x80) {
          q++;
          continue;
        }
        let skippedCp = decodeStrict(s + q, s + n);
        if (!WIDTH || (fold && foldsToAscii(skippedCp))) break;
        q += WIDTH;
      }
      if (q > p) {
        skipped += q - p;
        t = emptyEntry(cols, contextOf(load<u8>(s + q - 1)));
        p = q;
      }
    }
    if (p >= n) {
      let end = load<i32>(base + <usize>t + <usize>((cols - 1) * 4));
      t = end != 0 ? end : step(c, block, t, END_STEP, -1);
      break;
    }
    let b = <i32>load<u8>(s + p);
    if (b >= 0x80) {
      // Ill-formed UTF-8, and the two code points case folding ties to ASCII letters, are the
      // host's, as in the NFA.
      let cp = decodeStrict(s + p, s + n);
      if (!WIDTH || (fold && foldsToAscii(cp))) {
        t = GAVE_UP;
        break;
      }
      let width = WIDTH;
      let to = wideStep(c, t, cp);
      if (to == NOT_KEPT) {
        if (++fresh > WIDE_FREE && fresh * 16 > p) {
          t = GAVE_UP;
          break;
        }
        to = step(c, block, t, WIDE_STEP, cp);
        keepWide(c, t, cp, to);
        base = load<usize>(c, H_TRANS) - 4;
      }
      t = to;
      p += width;
      continue;
    }
    let from = t;
    t = load<i32>(base + <usize>t + <usize>(<i32>load<u8>(classOf + b) * 4));
    if (t == 0) {
      t = step(c, block, from, <i32>load<u8>(classOf + b), b);
      // Making a state may have moved the table (grow).
      base = load<usize>(c, H_TRANS) - 4;
    }
    p++;
  }
  // A step is charged as one thread step of the NFA, a skipped byte an eighth of one, as there.
  work += p - skipped + (skipped >> 3);
  if (t == T_MATCH) return 1;
  return t == T_NONE ? 0 : t;
}

@inline function contextOf(b: u32): i32 {
  return b == 10 ? C_NEWLINE : isWordByte(b) ? C_WORD : C_OTHER;
}

// The entry of the state with no live thread after a byte of context ctx: state ctx.
@inline function emptyEntry(cols: i32, ctx: i32): i32 {
  return ctx * cols * 4 + 4;
}

@inline function wideSlot(c: usize, from: i32, cp: i32): usize {
  return c + H_WIDE + <usize>((((from >> 2) * 31 + cp) & (WIDE - 1)) * 12);
}

// The kept step from entry `from` on code point cp, or NOT_KEPT.
function wideStep(c: usize, from: i32, cp: i32): i32 {
  let slot = wideSlot(c, from, cp);
  return load<i32>(slot) == from && load<i32>(slot, 4) == cp ? load<i32>(slot, 8) : NOT_KEPT;
}

function keepWide(c: usize, from: i32, cp: i32, to: i32): void {
  if (to <= 0) return;
  let slot = wideSlot(c, from, cp);
  store<i32>(slot, from);
  store<i32>(slot, cp, 4);
  store<i32>(slot, to, 8);
}

// Makes states 0-3, the empty ones, in a table that has no state yet.
function addEmptyStates(c: usize): bool {
  for (let ctx = 0; ctx < 4; ctx++) {
    if (findOrAdd(c, ctx, 0, 0) != emptyEntry(load<i32>(c, H_COLS), ctx)) return false;
  }
  return true;
}

// Works out and stores the step from `state` on column k, for byte b of that class (-1: the end
// of the text): every byte of a class gives the same step. For a non-ASCII code point b (k is
// WIDE_STEP) the step is only returned: wideStep keeps it.
function step(c: usize, block: usize, from: i32, k: i32, b: i32): i32 {
  let cols = load<i32>(c, H_COLS);
  let state = (from - 4) / (cols * 4);
  if (k == END_STEP) k = cols - 1;
  let count = load<i32>(block);
  let marks = matchScratch();
  if (!marksReady) {
    memory.fill(marks, 0, <usize>(count * 4));
    gen = 0;
    marksReady = true;
  }
  gen++;
  let stack = marks + <usize>(count * 4);
  let next = stack + <usize>(count * 12 + 8);
  let record = load<usize>(c, H_INFO) + <usize>(state * INFO);
  let set = load<usize>(record);
  let len = load<i32>(record, 4);
  let ctx = load<i32>(record, 8);
  let top = 0;
  store<i32>(stack, 0);
  top = 1;
  for (let i = 0; i < len; i++) store<i32>(stack + <usize>(top++ * 4), load<i32>(set + <usize>(i * 4)));
  let found = 0;
  let result = 0;
  while (top > 0) {
    top--;
    let pc = load<i32>(stack + <usize>(top * 4));
    let mark = marks + <usize>(pc * 4);
    if (load<i32>(mark) == gen) continue;
    store<i32>(mark, gen);
    work++;
    let op = instOp(block, pc);
    if (op == OP_MATCH) {
      result = T_MATCH;
      break;
    }
    if (op == OP_JMP) {
      store<i32>(stack + <usize>(top++ * 4), instX(block, pc));
    } else if (op == OP_SPLIT || op == OP_SPLIT_PRUNED) {
      store<i32>(stack + <usize>(top++ * 4), instY(block, pc));
      store<i32>(stack + <usize>(top++ * 4), instX(block, pc));
    } else if (op == OP_ASSERT) {
      if (holds(instX(block, pc), ctx, b)) store<i32>(stack + <usize>(top++ * 4), pc + 1);
    } else if (b >= 0 && consumesAt(block, pc, b)) {
      store<i32>(next + <usize>(found++ * 4), pc + 1);
    }
  }
  if (result == 0) {
    if (b < 0) {
      result = T_NONE;
    } else {
      sortPcs(next, found, count, next + <usize>(count * 4));
      result = findOrAdd(c, contextOf(<u32>b), next, found);
      if (result < 0) return result;
    }
  }
  if (k != WIDE_STEP) store<i32>(load<usize>(c, H_TRANS) + <usize>((state * cols + k) * 4), result);
  return result;
}

// Whether an assertion holds between the byte before (its context) and byte b (-1: the end).
function holds(kind: i32, ctx: i32, b: i32): bool {
  if (kind == A_BEGIN_TEXT) return ctx == C_START;
  if (kind == A_END_TEXT) return b < 0;
  if (kind == A_BEGIN_LINE) return ctx == C_START || ctx == C_NEWLINE;
  if (kind == A_END_LINE) return b < 0 || b == 10;
  let word = (ctx == C_WORD) != (b >= 0 && isWordByte(<u32>b));
  return kind == A_WORD ? word : !word;
}

// Sorts the n distinct instructions at list (all below count): small sets by insertion, larger
// ones through a bitmap at `bits`, so a state costs time linear in the program, as its closure does.
function sortPcs(list: usize, n: i32, count: i32, bits: usize): void {
  if (n <= 16) {
    for (let i = 1; i < n; i++) {
      let v = load<i32>(list + <usize>(i * 4));
      let j = i - 1;
      while (j >= 0 && load<i32>(list + <usize>(j * 4)) > v) {
        store<i32>(list + <usize>((j + 1) * 4), load<i32>(list + <usize>(j * 4)));
        j--;
      }
      store<i32>(list + <usize>((j + 1) * 4), v);
    }
    return;
  }
  let words = (count + 31) >> 5;
  memory.fill(bits, 0, <usize>(words * 4));
  for (let i = 0; i < n; i++) {
    let pc = load<i32>(list + <usize>(i * 4));
    let at = bits + <usize>((pc >> 5) * 4);
    store<u32>(at, load<u32>(at) | (<u32>1 << <u32>(pc & 31)));
  }
  let k = 0;
  for (let w = 0; w < words; w++) {
    let word = load<u32>(bits + <usize>(w * 4));
    while (word) {
      store<i32>(list + <usize>(k++ * 4), (w << 5) + <i32>ctz(word));
      word &= word - 1;
    }
  }
  work += words;
}

// FNV-1a over the context and the instructions of a set.
function setHash(ctx: i32, list: usize, n: i32): u32 {
  let h: u32 = 0x811c9dc5 ^ <u32>ctx;
  for (let i = 0; i < n; i++) h = (h ^ load<u32>(list + <usize>(i * 4))) * 0x01000193;
  return h;
}

function findOrAdd(c: usize, ctx: i32, list: usize, n: i32): i32 {
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
function cacheFor(block: usize): usize {
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
  memory.fill(c + H_WIDE, 0, WIDE * 12);
  return grow(c) < 0 || !addEmptyStates(c) ? 0 : c;
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
function flush(c: usize): void {
  let flushes = load<i32>(c, H_FLUSHES) + 1;
  store<i32>(c, flushes, H_FLUSHES);
  if (flushes >= MAX_FLUSHES) store<i32>(c, 1, H_DISABLED);
  clearStates(c);
}

function clearStates(c: usize): void {
  let cap = load<i32>(c, H_CAP);
  let cols = load<i32>(c, H_COLS);
  store<i32>(c, 0, H_STATES);
  memory.fill(load<usize>(c, H_TRANS), 0, <usize>(cap * cols * 4));
  memory.fill(load<usize>(c, H_HASH), 0, <usize>((load<i32>(c, H_MASK) + 1) * 4));
  memory.fill(c + H_WIDE, 0, WIDE * 12);
  if (!addEmptyStates(c)) store<i32>(c, 1, H_DISABLED);
}

function poolAlloc(size: usize): usize {
  let at = (poolTop + 7) & ~7;
  if (at + size > poolBase + <usize>POOL_BYTES) return 0;
  poolTop = at + size;
  return at;
}

// Drops every program's states: caches are found again only through a matching generation.
function resetPool(): void {
  poolTop = poolBase;
  poolGen++;
  if (poolGen > 1 && scans - lastReset < THRASH_SCANS) coolDown = COOL_DOWN;
  lastReset = scans;
}
