// The columns of a DFA's transition table (dfa.ts): bytes that the program cannot tell apart.
import { isWordByte } from "./parse";
import { OP_CHAR, OP_CHAR_FOLD, OP_CLASS, OP_NCLASS, OP_ANY, OP_ANY_NOT_NL, consumesAt, instOp } from "./prog";

// Splits the ASCII bytes into classes that every consuming instruction, and every assertion,
// treats alike: newline, word bytes and the rest start apart (assertions tell them apart), and
// each instruction splits each class into the bytes it takes and the rest. Writes
// the class of each byte at `out` (128 bytes) and returns the number of classes.
export function byteClasses(block: usize, count: i32, out: usize): i32 {
  let remap = out + 128;
  let classes = 3;
  for (let b = 0; b < 128; b++) store<u8>(out + b, <u8>(b == 10 ? 0 : isWordByte(<u32>b) ? 1 : 2));
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
