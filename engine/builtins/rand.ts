import { randomInt } from 'node:crypto';
import { int, str } from './args.js';
import { perEvaluation } from './per-evaluation.js';
import type { BuiltinTable } from './types.js';

/** rand.intn: an integer in [0, |n|), fixed per (key, n) within one evaluation. */
const drawn = perEvaluation<number>();

function intn(key: unknown, n: unknown): number {
  const bound = Math.abs(int(n));
  if (bound === 0) return 0;
  return drawn(JSON.stringify([str(key), bound]), () => randomInt(bound));
}

export const randBuiltins: BuiltinTable = { 'rand.intn': intn };
