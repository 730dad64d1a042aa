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
// same states, and the last few such steps are kept (dfa-states.ts). Text that is mostly non-ASCII, ill-
// formed UTF-8, and U+212A or U+017F under case folding (which the host judges) make it give up,
// and the NFA runs from the start. It also gives up when a program is too large or its states
// outgrow their table; a program that keeps outgrowing it is left to the NFA.
import { burnFuel } from "../fuel";
import { ONES, HIGHS, skipWords } from "../swar";
import { matchScratch } from "./cache";
import { decodeStrict, foldsToAscii, WIDTH } from "./decode";
import { isWordByte, A_BEGIN_TEXT, A_END_TEXT, A_BEGIN_LINE, A_END_LINE, A_WORD } from "./parse";
import { C_NEWLINE, C_START, C_WORD, contextOf } from "./byte-classes";
import { OP_MATCH, OP_SPLIT, OP_SPLIT_PRUNED, OP_JMP, OP_ASSERT, P_FEW_FIRST, P_FOLD, consumesAt, instOp, instX, instY } from "./prog";
import {
  FULL_POOL, FULL_STATES, H_CLASS_OF, H_COLS, H_INFO, H_TRANS, INFO, NOT_KEPT,
  cacheFor, emptyEntry, findOrAdd, flush, keepWide, noteScan, resetPool, wideStep,
} from "./dfa-states";

// runProgram's answers are 0 (no match) and 1 (match); this one sends it on to the NFA.
export const GAVE_UP = -2;

// Transition table entries: 0 not worked out yet, T_MATCH, T_NONE (end of text, no match), or a
// state's entry (scan). Negative results of a step that could not be stored say why.
const T_MATCH = 1;
const END_STEP = -1;
const WIDE_STEP = -2;
const T_NONE = -1;

// A scan whose non-ASCII steps are mostly new (text in another script) is the NFA's: past
// WIDE_FREE of them, one in 16 bytes of the text scanned so far.
const WIDE_FREE = 32;

let work = 0;
let marksReady = false;
let gen = 0;

export function runDfa(block: usize, s: usize, n: i32): i32 {
  noteScan();
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
// dfa-states.ts startEmpty), so an entry below 4 rows + 4 says no thread is alive.
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

