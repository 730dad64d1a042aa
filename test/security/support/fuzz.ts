/**
 * Seeded fuzzing primitives shared by the fuzz tests. Every run is deterministic (a failure
 * names its seed and iteration, and replays exactly); `make fuzz` only raises the iteration
 * count through FUZZ_ITERATIONS, and FUZZ_SEED picks another deterministic stream.
 */

import { seededRandom } from '../../support/seeded-random.js';

export type Random = () => number;

/** mulberry32: small, seedable, good enough to pick mutations. */
export const prng: (seed: number) => Random = seededRandom;

export const int = (random: Random, below: number): number => Math.floor(random() * below);
export const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]!;

/** The iteration count: `fast` in `make test`, FUZZ_ITERATIONS (a positive integer) when set. */
export function iterations(fast: number): number {
  const configured = Number(process.env.FUZZ_ITERATIONS);
  return Number.isInteger(configured) && configured > 0 ? configured : fast;
}

/** The base seed: FUZZ_SEED (an integer) when set, else a fixed one. */
export function baseSeed(): number {
  const configured = Number(process.env.FUZZ_SEED);
  return Number.isInteger(configured) ? configured : 0x5eed;
}

/**
 * Applies 1..`max` random edits to bytes: bit flips, random or interesting bytes inserted or
 * overwritten, spans deleted or duplicated, and `tokens` spliced in.
 */
export function mutateBytes(random: Random, input: Uint8Array, tokens: readonly Uint8Array[], max = 4): Uint8Array {
  let bytes: Uint8Array = Uint8Array.from(input);
  const edits = 1 + int(random, max);
  for (let i = 0; i < edits; i++) bytes = editBytes(random, bytes, tokens);
  return bytes;
}

const INTERESTING_BYTES = [0x00, 0x0a, 0x0d, 0x20, 0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xff];

function editBytes(random: Random, bytes: Uint8Array, tokens: readonly Uint8Array[]): Uint8Array {
  const at = int(random, bytes.length + 1);
  const someByte = (): number => (random() < 0.6 ? pick(random, INTERESTING_BYTES) : int(random, 256));
  switch (int(random, 6)) {
    case 0:
      if (at < bytes.length) bytes[at]! ^= 1 << int(random, 8);
      return bytes;
    case 1:
      if (at < bytes.length) bytes[at] = someByte();
      return bytes;
    case 2:
      return splice(bytes, at, 0, Uint8Array.of(someByte()));
    case 3:
      return splice(bytes, at, 1 + int(random, 16), new Uint8Array(0));
    case 4: {
      const length = 1 + int(random, 32);
      return splice(bytes, at, 0, bytes.slice(at, at + length));
    }
    default:
      return tokens.length > 0 ? splice(bytes, at, 0, pick(random, tokens)) : bytes;
  }
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - Math.min(remove, bytes.length - at) + insert.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

/** Cuts bytes into random chunks (empty ones included), as a socket or pipe might deliver them. */
export function chunk(random: Random, bytes: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = random() < 0.1 ? 0 : 1 + int(random, random() < 0.5 ? 8 : 256);
    parts.push(bytes.subarray(at, at + size));
    at += size;
  }
  return parts;
}

/** Text edits for source languages: characters and `tokens` inserted, spans deleted, duplicated or swapped. */
export function mutateText(random: Random, input: string, tokens: readonly string[], max = 3): string {
  let text = input;
  const edits = 1 + int(random, max);
  for (let i = 0; i < edits; i++) {
    const at = int(random, text.length + 1);
    const length = 1 + int(random, 24);
    switch (int(random, 5)) {
      case 0:
        text = text.slice(0, at) + pick(random, tokens) + text.slice(at);
        break;
      case 1:
        text = text.slice(0, at) + text.slice(at + length);
        break;
      case 2:
        text = text.slice(0, at) + text.slice(at, at + length) + text.slice(at);
        break;
      case 3:
        text = text.slice(0, at) + String.fromCharCode(int(random, random() < 0.8 ? 128 : 0x10000)) + text.slice(at);
        break;
      default: {
        const other = int(random, text.length + 1);
        text = text.slice(0, at) + text.slice(other, other + length) + text.slice(at + length);
      }
    }
  }
  return text;
}
