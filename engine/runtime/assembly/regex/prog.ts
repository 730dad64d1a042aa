// Compiles a syntax tree (parse.ts) to a Thompson NFA program in one relocatable block:
//   +0 instruction count, +4 flags (P_*), +8 the 256-byte table of bytes a match can start
//   with, +264 the program's DFA cache (dfa-states.ts; 0 until it has one), then 12-byte instructions
//   (op, x, y), then class ranges (lo, hi pairs of i32).
// A class instruction's x is the byte offset of its ranges from the block start.
import { alloc } from "../alloc";
import { ilistLen, ilistAt } from "./ilist";
import { leadByte } from "./decode";
import { requiredByte, NO_REQUIRED_BYTE } from "./required";
import {
  N_EMPTY, N_LIT, N_CLASS, N_ANY, N_ASSERT, N_CAT, N_ALT, N_REP, kindOf, opA, opB, opC, FOLD_USED,
} from "./parse";

export const OP_MATCH = 0;
export const OP_CHAR = 1;     // x: code point
export const OP_CHAR_FOLD = 2; // x: lower-case ASCII letter, matched in either case
export const OP_CLASS = 3;    // x: ranges offset, y: pair count
export const OP_NCLASS = 4;
export const OP_ANY = 5;
export const OP_ANY_NOT_NL = 6;
export const OP_SPLIT = 7;    // x, y: both targets
export const OP_JMP = 8;      // x: target
export const OP_ASSERT = 9;   // x: A_* kind
// A split that knows which bytes each target can go on with (prune.ts): bits 8-31 of its op word
// are the offset in the block of two 256-bit sets, the x target's then the y target's.
export const OP_SPLIT_PRUNED = 10;
export const OP_MASK = 0xff;

export const P_FOLD = 1;
// At most two bytes can begin a match: they are in bits 8-15 and 16-23 of the flags, and the
// matcher scans for them a word at a time.
export const P_FEW_FIRST = 2;
// Every match contains one byte (required.ts), in bits 24-31 of the flags: a subject without
// it does not match.
export const P_REQUIRED = 4;

export const DFA_SLOT = 8 + 256;
export const HEADER = DFA_SLOT + 4;
export const INST = 12;
// Far below re2js's own limit, so the host never refuses a pattern the engine accepted.
export const MAX_INST = 5000;
const MAX_REPEAT_PRODUCT = 1000;

let code: usize = 0;
let codeCap = 0;
let count = 0;
let ranges: usize = 0;
let rangeWords = 0;
let rangeCap = 0;
let overflow = false;

// The program block for a tree, in fresh heap memory, or 0 when it would be too large.
export function compileTree(tree: usize): usize {
  codeCap = 64;
  code = alloc(<usize>(codeCap * INST));
  count = 0;
  rangeCap = 256;
  ranges = alloc(<usize>(rangeCap * 4));
  rangeWords = 0;
  overflow = false;
  emit(tree, 1);
  put(OP_MATCH, 0, 0);
  if (overflow) return 0;
  let codeBytes = <usize>(count * INST);
  let block = alloc(<usize>HEADER + codeBytes + <usize>(rangeWords * 4));
  store<i32>(block, count);
  store<i32>(block, FOLD_USED ? P_FOLD : 0, 4);
  store<usize>(block, 0, DFA_SLOT);
  memory.copy(block + HEADER, code, codeBytes);
  memory.copy(block + HEADER + codeBytes, ranges, <usize>(rangeWords * 4));
  relocateClasses(block, HEADER + <i32>codeBytes);
  firstBytes(block);
  noteFewFirstBytes(block);
  let required = requiredByte(tree);
  if (required != NO_REQUIRED_BYTE) store<i32>(block, load<i32>(block, 4) | P_REQUIRED | (required << 24), 4);
  return block;
}

export function blockSize(block: usize): usize {
  let n = load<i32>(block);
  let size = <usize>HEADER + <usize>(n * INST);
  for (let pc = 0; pc < n; pc++) {
    let op = instOp(block, pc);
    let end: usize = 0;
    if (op == OP_CLASS || op == OP_NCLASS) end = <usize>(instX(block, pc) + instY(block, pc) * 8);
    else if (op == OP_SPLIT_PRUNED) end = <usize>(load<u32>(instAt(block, pc)) >>> 8) + 64;
    if (end > size) size = end;
  }
  return size;
}

@inline export function instAt(block: usize, pc: i32): usize {
  return block + HEADER + <usize>(pc * INST);
}
@inline export function instOp(block: usize, pc: i32): i32 { return load<i32>(instAt(block, pc)) & OP_MASK; }
@inline export function instX(block: usize, pc: i32): i32 { return load<i32>(instAt(block, pc), 4); }
@inline export function instY(block: usize, pc: i32): i32 { return load<i32>(instAt(block, pc), 8); }

function put(op: i32, x: i32, y: i32): i32 {
  if (count >= MAX_INST) {
    overflow = true;
    return count;
  }
  if (count == codeCap) {
    // Grown by doubling: most patterns need a few dozen instructions, not the maximum.
    let fresh = alloc(<usize>(codeCap * 2 * INST));
    memory.copy(fresh, code, <usize>(count * INST));
    code = fresh;
    codeCap *= 2;
  }
  let p = code + <usize>(count * INST);
  store<i32>(p, op);
  store<i32>(p, x, 4);
  store<i32>(p, y, 8);
  return count++;
}

function patchY(pc: i32, y: i32): void {
  if (pc < count) store<i32>(code + <usize>(pc * INST), y, 8);
}

function patchX(pc: i32, x: i32): void {
  if (pc < count) store<i32>(code + <usize>(pc * INST), x, 4);
}

// `product`: how many times the enclosing repetitions repeat this node, capped as re2js caps it.
function emit(n: usize, product: i32): void {
  if (overflow) return;
  switch (kindOf(n)) {
    case N_EMPTY: return;
    case N_LIT: put(opB(n) ? OP_CHAR_FOLD : OP_CHAR, opA(n), 0); return;
    case N_CLASS: emitClass(n); return;
    case N_ANY: put(opA(n) ? OP_ANY : OP_ANY_NOT_NL, 0, 0); return;
    case N_ASSERT: put(OP_ASSERT, opA(n), 0); return;
    case N_CAT: {
      let items = <usize>opA(n);
      let k = ilistLen(items);
      for (let i = 0; i < k; i++) emit(<usize>ilistAt(items, i), product);
      return;
    }
    case N_ALT: emitAlt(<usize>opA(n), product); return;
    case N_REP: emitRepeat(<usize>opA(n), opB(n), opC(n), product); return;
  }
}

function emitClass(n: usize): void {
  let list = <usize>opA(n);
  let words = ilistLen(list);
  while (rangeWords + words > rangeCap) {
    let fresh = alloc(<usize>(rangeCap * 8));
    memory.copy(fresh, ranges, <usize>(rangeWords * 4));
    ranges = fresh;
    rangeCap *= 2;
  }
  for (let i = 0; i < words; i++) store<i32>(ranges + <usize>((rangeWords + i) * 4), ilistAt(list, i));
  put(opB(n) ? OP_NCLASS : OP_CLASS, rangeWords, words >> 1);
  rangeWords += words;
}

function emitAlt(branches: usize, product: i32): void {
  let k = ilistLen(branches);
  let jumps = alloc(<usize>(k * 4));
  for (let i = 0; i < k - 1; i++) {
    let split = put(OP_SPLIT, count + 1, 0);
    emit(<usize>ilistAt(branches, i), product);
    store<i32>(jumps + <usize>(i * 4), put(OP_JMP, 0, 0));
    patchY(split, count);
  }
  emit(<usize>ilistAt(branches, k - 1), product);
  for (let i = 0; i < k - 1; i++) patchX(load<i32>(jumps + <usize>(i * 4)), count);
}

function emitRepeat(child: usize, min: i32, max: i32, product: i32): void {
  let times = max >= 0 ? max : min;
  if (times > 0) {
    product *= times;
    if (product > MAX_REPEAT_PRODUCT && (min >= 2 || max >= 2)) {
      overflow = true;
      return;
    }
  }
  if (max < 0) {
    for (let i = 1; i < min; i++) emit(child, product);
    if (min == 0) {
      let split = put(OP_SPLIT, count + 1, 0);
      emit(child, product);
      put(OP_JMP, split, 0);
      patchY(split, count);
    } else {
      let start = count;
      emit(child, product);
      put(OP_SPLIT, start, count + 1);
    }
    return;
  }
  for (let i = 0; i < min; i++) emit(child, product);
  let optional = max - min;
  if (optional <= 0) return;
  let splits = alloc(<usize>(optional * 4));
  for (let i = 0; i < optional; i++) {
    store<i32>(splits + <usize>(i * 4), put(OP_SPLIT, count + 1, 0));
    emit(child, product);
  }
  for (let i = 0; i < optional; i++) patchY(load<i32>(splits + <usize>(i * 4)), count);
}

function relocateClasses(block: usize, rangesOffset: i32): void {
  let n = load<i32>(block);
  for (let pc = 0; pc < n; pc++) {
    let op = instOp(block, pc);
    if (op == OP_CLASS || op == OP_NCLASS) store<i32>(instAt(block, pc), rangesOffset + instX(block, pc) * 4, 4);
  }
}

// Marks every byte a match can begin with, looking through jumps and assertions. A program that
// can match the empty string may begin anywhere: every byte is marked.
function firstBytes(block: usize): void {
  let table = block + 8;
  memory.fill(table, 0, 256);
  let n = load<i32>(block);
  let seen = alloc(<usize>n);
  memory.fill(seen, 0, <usize>n);
  let stack = alloc(<usize>(n * 8 + 8));
  let top = 0;
  store<i32>(stack, 0);
  top = 1;
  while (top > 0) {
    top--;
    let pc = load<i32>(stack + <usize>(top * 4));
    if (load<u8>(seen + pc)) continue;
    store<u8>(seen + pc, 1);
    let op = instOp(block, pc);
    let x = instX(block, pc);
    if (op == OP_MATCH || op == OP_ANY) { memory.fill(table, 1, 256); return; }
    if (op == OP_JMP) { store<i32>(stack + <usize>(top++ * 4), x); continue; }
    if (op == OP_SPLIT) {
      store<i32>(stack + <usize>(top++ * 4), x);
      store<i32>(stack + <usize>(top++ * 4), instY(block, pc));
      continue;
    }
    if (op == OP_ASSERT) { store<i32>(stack + <usize>(top++ * 4), pc + 1); continue; }
    markConsumed(block, table, pc);
  }
}

// Marks in a 256-byte table the bytes the consuming instruction at pc can take first: the lead
// byte of a UTF-8 sequence stands for the code point.
export function markConsumed(block: usize, table: usize, pc: i32): void {
  let op = instOp(block, pc);
  let x = instX(block, pc);
  if (op == OP_ANY) memory.fill(table, 1, 256);
  else if (op == OP_CHAR) store<u8>(table + leadByte(x), 1);
  else if (op == OP_CHAR_FOLD) { store<u8>(table + x, 1); store<u8>(table + x - 0x20, 1); }
  else if (op == OP_ANY_NOT_NL) {
    // Every byte but newline; another branch may already have marked newline (`.?\n`).
    let newline = load<u8>(table + 10);
    memory.fill(table, 1, 256);
    store<u8>(table + 10, newline);
  }
  else markClass(block, table, pc, op == OP_NCLASS);
}

function noteFewFirstBytes(block: usize): void {
  let table = block + 8;
  let found = 0;
  let first = 0;
  let second = 0;
  for (let b = 0; b < 256; b++) {
    if (!load<u8>(table + b)) continue;
    if (found == 0) first = b;
    else second = b;
    found++;
  }
  if (found == 0 || found > 2) return;
  if (found == 1) second = first;
  store<i32>(block, load<i32>(block, 4) | P_FEW_FIRST | (first << 8) | (second << 16), 4);
}

function markClass(block: usize, table: usize, pc: i32, negated: bool): void {
  let r = block + <usize>instX(block, pc);
  let k = instY(block, pc);
  for (let b = 0; b < 0x80; b++) {
    if (inRanges(r, k, b) != negated) store<u8>(table + b, 1);
  }
  // Non-ASCII code points start with bytes 0xc2-0xf4; marking all high bytes is simpler and safe.
  if (negated || maxOf(r, k) >= 0x80) memory.fill(table + 0x80, 1, 0x80);
}

// Whether the consuming instruction at pc takes code point cp.
export function consumesAt(block: usize, pc: i32, cp: i32): bool {
  let inst = instAt(block, pc);
  let op = load<i32>(inst) & OP_MASK;
  let x = load<i32>(inst, 4);
  if (op == OP_CHAR) return cp == x;
  if (op == OP_CHAR_FOLD) return (cp | 0x20) == x;
  if (op == OP_CLASS) return inRanges(block + <usize>x, load<i32>(inst, 8), cp);
  if (op == OP_NCLASS) return !inRanges(block + <usize>x, load<i32>(inst, 8), cp);
  if (op == OP_ANY_NOT_NL) return cp != 10;
  return true; // OP_ANY
}

export function inRanges(r: usize, k: i32, cp: i32): bool {
  for (let i = 0; i < k; i++) {
    let p = r + <usize>(i * 8);
    if (cp >= load<i32>(p) && cp <= load<i32>(p, 4)) return true;
  }
  return false;
}

function maxOf(r: usize, k: i32): i32 {
  let m = -1;
  for (let i = 0; i < k; i++) m = max(m, load<i32>(r + <usize>(i * 8), 4));
  return m;
}
