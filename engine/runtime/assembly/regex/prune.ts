// Lookahead for splits. Where a pattern branches (an alternation, an optional or repeated part),
// the matcher follows every branch at every position it tries, though the next byte already
// rules most of them out: `password|secret|token` starts three threads wherever one of p, s, t
// is found. Each split is given the set of bytes each of its targets can go on with, and the
// matcher follows only the targets that can take the byte at hand (match.ts), which is the same
// set of matches with far fewer threads.
//
// A target's set is every byte the consuming instructions reachable from it without consuming
// can take first, and every byte when a match is reachable without consuming: the sets are
// solved by iterating to a fixed point over the jumps, splits and assertions in between.
import { alloc } from "../alloc";
import {
  OP_MATCH, OP_ANY, OP_SPLIT, OP_SPLIT_PRUNED, OP_JMP, OP_ASSERT, blockSize, instAt, instOp, instX, instY, markConsumed,
} from "./prog";

// Programs this size or smaller get the sets: the tables cost 64 bytes a split in the regex
// cache and 32 bytes an instruction while solving, and the largest programs are rare.
const MAX_SPLITS = 256;
const MAX_INSTRUCTIONS = 2048;
// Sets only grow, and each pass settles every chain that runs forward; loops of empty branches
// need a few more. A program still changing after this many keeps its plain splits.
const MAX_PASSES = 64;
const SET = 32;

// The block with its splits given lookahead sets, in fresh heap memory; or the block itself.
export function withLookahead(block: usize): usize {
  let n = load<i32>(block);
  let splits = 0;
  for (let pc = 0; pc < n; pc++) if (instOp(block, pc) == OP_SPLIT) splits++;
  if (splits == 0 || splits > MAX_SPLITS || n > MAX_INSTRUCTIONS) return block;
  let sets = solve(block, n);
  if (!sets) return block;
  let size = (blockSize(block) + 15) & ~15;
  let out = alloc(size + <usize>(splits * 2 * SET));
  memory.copy(out, block, size);
  let at = size;
  for (let pc = 0; pc < n; pc++) {
    if (instOp(block, pc) != OP_SPLIT) continue;
    memory.copy(out + at, sets + <usize>(instX(block, pc) * SET), SET);
    memory.copy(out + at + SET, sets + <usize>(instY(block, pc) * SET), SET);
    store<u32>(instAt(out, pc), <u32>OP_SPLIT_PRUNED | (<u32>at << 8));
    at += 2 * SET;
  }
  return out;
}

// Each instruction's set (SET bytes of bits), or 0 when the sets did not settle.
function solve(block: usize, n: i32): usize {
  let sets = alloc(<usize>(n * SET));
  memory.fill(sets, 0, <usize>(n * SET));
  let table = alloc(256);
  for (let pc = 0; pc < n; pc++) {
    let op = instOp(block, pc);
    if (op == OP_MATCH || op == OP_ANY) {
      memory.fill(sets + <usize>(pc * SET), 0xff, SET);
    } else if (op != OP_JMP && op != OP_SPLIT && op != OP_ASSERT) {
      memory.fill(table, 0, 256);
      markConsumed(block, table, pc);
      pack(table, sets + <usize>(pc * SET));
    }
  }
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    for (let pc = n - 1; pc >= 0; pc--) {
      let op = instOp(block, pc);
      let own = sets + <usize>(pc * SET);
      if (op == OP_JMP) changed = union(own, sets + <usize>(instX(block, pc) * SET)) || changed;
      else if (op == OP_ASSERT) changed = union(own, sets + <usize>((pc + 1) * SET)) || changed;
      else if (op == OP_SPLIT) {
        changed = union(own, sets + <usize>(instX(block, pc) * SET)) || changed;
        changed = union(own, sets + <usize>(instY(block, pc) * SET)) || changed;
      }
    }
    if (!changed) return sets;
  }
  return 0;
}

function pack(table: usize, set: usize): void {
  for (let b = 0; b < 256; b++) {
    if (!load<u8>(table + b)) continue;
    let word = set + <usize>((b >> 5) << 2);
    store<u32>(word, load<u32>(word) | (1 << <u32>(b & 31)));
  }
}

// dst |= src; whether dst changed.
function union(dst: usize, src: usize): bool {
  let changed = false;
  for (let i = 0; i < SET; i += 8) {
    let d = load<u64>(dst + i);
    let u = d | load<u64>(src + i);
    if (u != d) {
      store<u64>(dst + i, u);
      changed = true;
    }
  }
  return changed;
}

@inline export function canTake(set: usize, byte: u32): bool {
  return (load<u32>(set + <usize>((byte >> 5) << 2)) & (1 << (byte & 31))) != 0;
}
