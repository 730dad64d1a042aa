// A byte every match of a pattern contains, read from its syntax tree (parse.ts): a subject
// without it cannot match, which one scan a word at a time tells far sooner than the NFA, which
// runs from every position a match can start at (an e-mail pattern starts at any letter).
// Only literals that match exactly one byte count: ASCII and not case-folded.
import { alloc } from "../alloc";
import { ilistLen, ilistAt } from "./ilist";
import { N_LIT, N_CAT, N_ALT, N_REP, kindOf, opA, opB } from "./parse";

export const NO_REQUIRED_BYTE = -1;

// The rarest byte (by rank) required by every match of the tree, or NO_REQUIRED_BYTE.
export function requiredByte(tree: usize): i32 {
  let seen = alloc(128);
  memory.fill(seen, 0, 128);
  markLiterals(tree, seen);
  let best = NO_REQUIRED_BYTE;
  let bestRank = -1;
  for (let c = 0; c < 128; c++) {
    if (!load<u8>(seen + <usize>c)) continue;
    let r = rank(c);
    if (r > bestRank && requires(tree, c)) {
      best = c;
      bestRank = r;
    }
  }
  return best;
}

function markLiterals(n: usize, seen: usize): void {
  let kind = kindOf(n);
  if (kind == N_LIT) {
    if (exactByte(n)) store<u8>(seen + <usize>opA(n), 1);
  } else if (kind == N_CAT || kind == N_ALT) {
    let items = <usize>opA(n);
    let k = ilistLen(items);
    for (let i = 0; i < k; i++) markLiterals(<usize>ilistAt(items, i), seen);
  } else if (kind == N_REP) {
    markLiterals(<usize>opA(n), seen);
  }
}

// Whether every string the node matches contains byte c.
function requires(n: usize, c: i32): bool {
  let kind = kindOf(n);
  if (kind == N_LIT) return exactByte(n) && opA(n) == c;
  if (kind == N_REP) return opB(n) >= 1 && requires(<usize>opA(n), c);
  if (kind == N_CAT || kind == N_ALT) {
    let items = <usize>opA(n);
    let k = ilistLen(items);
    let all = kind == N_ALT;
    for (let i = 0; i < k; i++) {
      // A sequence needs one part that requires it; an alternation needs every branch to.
      if (requires(<usize>ilistAt(items, i), c) != all) return !all;
    }
    return all && k > 0;
  }
  return false;
}

@inline function exactByte(lit: usize): bool {
  return opA(lit) < 0x80 && opB(lit) == 0;
}

// How rare a byte is in text, JSON and code: 2 for punctuation such as @, 1 for letters and
// digits less frequent than these, 0 for the most frequent ones.
function rank(c: i32): i32 {
  if (c == 0x20 || c == 0x22 || c == 0x3a || c == 0x2c || c == 0x2e || c == 0x0a || c == 0x2f || c == 0x2d) return 0;
  if (c == 0x65 || c == 0x74 || c == 0x61 || c == 0x6f || c == 0x69 || c == 0x6e || c == 0x73 || c == 0x72 || c == 0x68 || c == 0x6c) return 0;
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return 1;
  if (c == 0x5f || c == 0x7b || c == 0x7d || c == 0x5b || c == 0x5d || c == 0x3d || c == 0x27) return 1;
  return 2;
}
