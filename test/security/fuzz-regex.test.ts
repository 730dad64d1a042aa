/**
 * Fuzz of the native regex.match (engine/runtime/assembly/regex/: parser, lazy DFA, NFA) against
 * re2js: random patterns from the syntax the runtime reads natively, over random subjects short
 * and long, ASCII and not. Every answer must be re2js's, whichever engine gave it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expected, nativeMatcher } from '../engine/runtime/builtins/regex-harness.js';
import { baseSeed, int, iterations, pick, prng, type Random } from './support/fuzz.js';

const LITERALS = ['a', 'b', 'c', 'A', 'B', 'x', '0', '1', '9', ' ', '-', '_', '@', '/', '\\.', '\\n', '\\t', '\\-', '\\\\', 'é'];
const CLASSES = ['[a-c]', '[^ab]', '[0-9A-F]', '[a-z0-9_-]', '\\d', '\\w', '\\s', '\\W', '.', '[[:alpha:]]', '[^\\n]', '[ -]'];
const ASSERTIONS = ['^', '$', '\\b', '\\B', '(?m:^)', '(?m:$)', '\\A', '\\z'];
const REPEATS = ['*', '+', '?', '*?', '+?', '{2}', '{1,3}', '{0,2}', '{3,}', '{2,12}'];
const SUBJECT_CHARS = ['a', 'b', 'c', 'A', 'B', 'x', '0', '1', '9', ' ', '-', '_', '@', '/', '.', '\n', '\t', '\\', 'é', 'K', 'ſ'];

function atom(random: Random, depth: number): string {
  const roll = int(random, 10);
  if (roll < 4 || depth > 3) return pick(random, LITERALS);
  if (roll < 6) return pick(random, CLASSES);
  if (roll < 7) return pick(random, ASSERTIONS);
  const group = pick(random, ['(', '(?:', '(?i:', '(?s:']);
  return `${group}${alternation(random, depth + 1)})`;
}

function sequence(random: Random, depth: number): string {
  let out = '';
  const n = 1 + int(random, 4);
  for (let i = 0; i < n; i++) out += atom(random, depth) + (random() < 0.3 ? pick(random, REPEATS) : '');
  return out;
}

function alternation(random: Random, depth: number): string {
  const n = random() < 0.3 ? 2 + int(random, 3) : 1;
  return Array.from({ length: n }, () => sequence(random, depth)).join('|');
}

function subject(random: Random): string {
  const long = random() < 0.15;
  const n = long ? 200 + int(random, 3000) : int(random, 30);
  let s = '';
  for (let i = 0; i < n; i++) s += long && random() < 0.995 ? pick(random, SUBJECT_CHARS.slice(0, 18)) : pick(random, SUBJECT_CHARS);
  return s;
}

test('random patterns over random subjects agree with re2js', () => {
  const native = nativeMatcher();
  const seed = baseSeed();
  const random = prng(seed);
  const rounds = iterations(400);
  for (let i = 0; i < rounds; i++) {
    const pattern = (random() < 0.2 ? '(?i)' : '') + alternation(random, 0);
    for (let j = 0; j < 20; j++) {
      const s = subject(random);
      assert.is(native(pattern, s).result, expected(pattern, s), `seed ${seed}, round ${i}: ${JSON.stringify(pattern)} on ${JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}...(${s.length})` : s)}`);
    }
  }
});

test.run();
