// The columns of a DFA's transition table (dfa.ts): bytes that the program cannot tell apart.
import { isWordByte } from "./parse";
import { OP_CHAR, OP_CHAR_FOLD, OP_CLASS, OP_NCLASS, OP_ANY, OP_ANY_NOT_NL, consumesAt, instOp } from "./prog";

// What the byte before a position can be, as far as assertions care: the start of the text, a
// newline (^ and $ under (?m)), a word byte (\b, \B) or any other byte.
export const C_START = 0;
export const C_NEWLINE = 1;
export const C_WORD = 2;
export const C_OTHER = 3;

@inline export function contextOf(b: u32): i32 {
  return b == 10 ? C_NEWLINE : isWordByte(b) ? C_WORD : C_OTHER;
}

// Splits the ASCII bytes into classes that every consuming instruction, and every assertion,
// treats alike: newline, word bytes and the rest start apart (assertions tell them apart), and
// each instruction splits each class into the bytes it takes and the rest. Writes
// the class of each byte at `out` (128 bytes) and returns the number of classes.
export function byteClasses(block: usize, count: i32, out: usize): i32 {
  let remap = out + 128;
  let classes = C_OTHER - C_NEWLINE + 1;
  for (let b = 0; b < 128; b++) store<u8>(out + b, <u8>(contextOf(<u32>b) - C_NEWLINE));
  for (let pc = 0; pc < count && classes < 128; pc++) {
    if (!consumes(instOp(block, pc))) continue;
    memory.fill(remap, 0xff, 256);
    let fresh = 0;
    for (let b = 0; b < 128; b++) {
      let key = remap + <usize>(<i32>load<u8>(out + b) * 2 + (consumesAt(block, pc, b) ? 1 : 0));
      if (load<u8>(key) == 0xff) {
        store<u8>(key, <u8>fresh);
        fresh++;
      }
      store<u8>(out + b, load<u8>(key));
    }
    classes = fresh;
  }
  return classes;
}

@inline function consumes(op: i32): bool {
  return op == OP_CHAR || op == OP_CHAR_FOLD || op == OP_CLASS || op == OP_NCLASS || op == OP_ANY || op == OP_ANY_NOT_NL;
}
