// Runs a program (prog.ts) over UTF-8 bytes: a Thompson NFA simulation that only answers
// whether the pattern matches somewhere, in time linear in the subject. Threads start at every
// code point boundary; while no thread is alive, bytes no match can begin with are skipped.
// The lazy DFA (dfa.ts) judges ASCII subjects first; the NFA takes what it gives up on.
import { matchScratch } from "./cache";
import { burnFuel } from "../fuel";
import { ONES, HIGHS, hasByte, skipWords } from "../swar";
import { decodeStrict, foldsToAscii, WIDTH } from "./decode";
import { isWordByte, A_BEGIN_TEXT, A_END_TEXT, A_BEGIN_LINE, A_END_LINE, A_WORD } from "./parse";
import {
  OP_MATCH, OP_SPLIT, OP_SPLIT_PRUNED, OP_JMP, OP_ASSERT,
  OP_MASK, P_FOLD, P_FEW_FIRST, P_REQUIRED, HEADER, INST, consumesAt,
} from "./prog";
import { canTake } from "./prune";
import { runDfa, GAVE_UP } from "./dfa";

export const NO_MATCH = 0;
export const MATCHED = 1;
// The subject is not well-formed UTF-8, or holds U+212A or U+017F under case folding
// (decode.ts foldsToAscii): ask the host.
export const ASK_HOST = -1;

// Work is charged to the evaluation budget (fuel.ts) in batches: one unit per 16 thread steps,
// about what a unit of generated code costs, so a heavy pattern over a large subject ends with
// the budget like any other runaway work. Skipped bytes count an eighth of a step.
const WORK_BATCH = 4096;
let work = 0;

@inline function charge(steps: i32): void {
  work += steps;
  if (work >= WORK_BATCH) {
    burnFuel(<i64>(work >> 4));
    work = 0;
  }
}

let prog: usize = 0;
let marks: usize = 0;
let stack: usize = 0;
let gen = 0;
let S: usize = 0;
let N: i32 = 0;

export function runProgram(block: usize, s: usize, n: i32): i32 {
  prog = block;
  S = s;
  N = n;
  let count = load<i32>(block);
  let flags = load<i32>(block, 4);
  let fold = (flags & P_FOLD) != 0;
  let few = (flags & P_FEW_FIRST) != 0;
  let b1 = <u64>((flags >> 8) & 0xff) * ONES;
  let b2 = <u64>((flags >> 16) & 0xff) * ONES;
  if ((flags & P_REQUIRED) != 0 && !containsByte(<u64>((flags >>> 24) & 0xff) * ONES)) {
    charge(n >> 3);
    return NO_MATCH;
  }
  let fast = runDfa(block, s, n);
  if (fast != GAVE_UP) return fast;
  // Case folding needs to see every non-ASCII code point (decode.ts foldsToAscii).
  let stop: u64 = fold ? HIGHS : 0;
  let table = block + 8;
  marks = matchScratch();
  memory.fill(marks, 0, <usize>(count * 4));
  stack = marks + <usize>(count * 4);
  let clist = stack + <usize>(count * 8 + 8);
  let nlist = clist + <usize>(count * 4);
  let clen = 0;
  gen = 0;
  work = 0;
  let p = 0;
  while (true) {
    if (clen == 0) {
      let from = p;
      if (few) p = skipWords(s, p, n, b1, b2, stop);
      while (p < n && !load<u8>(table + load<u8>(s + p))) {
        let b = load<u8>(s + p);
        if (b < 0x80) { p++; continue; }
        let skipped = decodeStrict(s + p, s + n);
        if (!WIDTH || (fold && foldsToAscii(skipped))) return ASK_HOST;
        p += WIDTH;
      }
      charge((p - from) >> 3);
      if (p >= n && !load<u8>(table)) {
        // Only a program that may match empty has every byte marked, byte 0 included.
        return NO_MATCH;
      }
      gen++;
    }
    let added = addThread(clist, clen, 0, p);
    if (added < 0) return MATCHED;
    clen = added;
    if (p >= n) return NO_MATCH;
    let cp = <i32>load<u8>(s + p);
    let w = 1;
    if (cp >= 0x80) {
      cp = decodeStrict(s + p, s + n);
      w = WIDTH;
      if (!w || (fold && foldsToAscii(cp))) return ASK_HOST;
    }
    gen++;
    charge(clen + 1);
    let nlen = 0;
    for (let i = 0; i < clen; i++) {
      let pc = load<i32>(clist + <usize>(i * 4));
      if (!consumesAt(prog, pc, cp)) continue;
      nlen = addThread(nlist, nlen, pc + 1, p + w);
      if (nlen < 0) return MATCHED;
    }
    let t = clist;
    clist = nlist;
    nlist = t;
    clen = nlen;
    p += w;
  }
}

// Whether the subject holds the byte repeated in `pattern`; no match can lack a required byte.
function containsByte(pattern: u64): bool {
  let p = 0;
  while (p + 8 <= N) {
    if (hasByte(load<u64>(S + <usize>p), pattern)) return true;
    p += 8;
  }
  let b = <u8>pattern;
  for (; p < N; p++) if (load<u8>(S + <usize>p) == b) return true;
  return false;
}

// Adds the consuming instructions reachable from pc at position p to the list of length len;
// returns the new length, or -1 when a match is reachable.
function addThread(list: usize, len: i32, start: i32, p: i32): i32 {
  let top = 0;
  store<i32>(stack, start);
  top = 1;
  while (top > 0) {
    top--;
    let pc = load<i32>(stack + <usize>(top * 4));
    let mark = marks + <usize>(pc * 4);
    if (load<i32>(mark) == gen) continue;
    store<i32>(mark, gen);
    let inst = prog + HEADER + <usize>(pc * INST);
    let word = load<u32>(inst);
    let op = <i32>(word & OP_MASK);
    if (op == OP_MATCH) return -1;
    if (op == OP_JMP) {
      store<i32>(stack + <usize>(top++ * 4), load<i32>(inst, 4));
    } else if (op == OP_SPLIT_PRUNED && p < N) {
      // Only the targets that can take the next byte (prune.ts); at the end of the subject, both.
      let sets = prog + <usize>(word >>> 8);
      let next = <u32>load<u8>(S + p);
      if (canTake(sets + 32, next)) store<i32>(stack + <usize>(top++ * 4), load<i32>(inst, 8));
      if (canTake(sets, next)) store<i32>(stack + <usize>(top++ * 4), load<i32>(inst, 4));
    } else if (op == OP_SPLIT || op == OP_SPLIT_PRUNED) {
      store<i32>(stack + <usize>(top++ * 4), load<i32>(inst, 8));
      store<i32>(stack + <usize>(top++ * 4), load<i32>(inst, 4));
    } else if (op == OP_ASSERT) {
      if (holds(load<i32>(inst, 4), p)) store<i32>(stack + <usize>(top++ * 4), pc + 1);
    } else {
      store<i32>(list + <usize>(len * 4), pc);
      len++;
    }
  }
  return len;
}

// Word characters are ASCII, so the bytes either side of p decide every assertion.
function holds(kind: i32, p: i32): bool {
  let before = p > 0 ? <i32>load<u8>(S + p - 1) : -1;
  let after = p < N ? <i32>load<u8>(S + p) : -1;
  if (kind == A_BEGIN_TEXT) return p == 0;
  if (kind == A_END_TEXT) return p == N;
  if (kind == A_BEGIN_LINE) return p == 0 || before == 10;
  if (kind == A_END_LINE) return p == N || after == 10;
  let word = (before >= 0 && isWordByte(<u32>before)) != (after >= 0 && isWordByte(<u32>after));
  return kind == A_WORD ? word : !word;
}
