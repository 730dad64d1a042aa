// Randomized cross-check of the runtime's non-integer arithmetic and its printing against an
// independent BigInt model (wide-model.ts): random decimal operands of up to 22 digits and
// exponents from 1e-40 to 1e40, through builtin_plus/minus/mul/div.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';
import { compareDecimal, expected, expectedRounding, type WideOp } from './wide-model.js';

const rt = loadRuntime();
const OPS: WideOp[] = ['plus', 'minus', 'mul', 'div'];

// A small deterministic generator, so that a failure reproduces.
let seed = 0x2545f491;
function next(): number {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
}

function randomDecimal(): string {
  const len = 1 + Math.floor(next() * 22);
  let digits = String(1 + Math.floor(next() * 9));
  for (let i = 1; i < len; i++) digits += String(Math.floor(next() * 10));
  const sign = next() < 0.3 ? '-' : '';
  if (next() < 0.5) {
    const point = Math.floor(next() * (len + 1));
    return `${sign}${digits.slice(0, point) || '0'}.${digits.slice(point) || '5'}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${Math.floor(next() * 81) - 40}`;
}

test('random operations print as OPA prints them', () => {
  for (let i = 0; i < 1500; i++) {
    const heap = rt.exports.opa_heap_ptr_get();
    const op = OPS[i % OPS.length];
    const a = randomDecimal();
    const b = randomDecimal();
    assert.is(rt.call(`builtin_${op}`, a, b), expected(op, a, b), `${a} ${op} ${b}`);
    rt.exports.opa_heap_ptr_set(heap);
  }
});

// Operands whose exponents are 60 to 70 bits apart: exact sums, the 128-bit path, the bigint
// path and the case where the smaller operand can no longer change the larger one.
test('sums across large exponent gaps', () => {
  for (let g = 60; g <= 70; g++) {
    const tiny = `${5n ** BigInt(g)}e-${g}`; // exactly 2^-g
    for (const [a, b] of [['1.0', tiny], ['1.5', `-${tiny}`], ['1.0', `-${tiny}`], [`3${tiny}`, '-1.0']] as const) {
      for (const op of ['plus', 'minus'] as const) {
        const heap = rt.exports.opa_heap_ptr_get();
        assert.is(rt.call(`builtin_${op}`, a, b), expected(op, a, b), `${a} ${op} ${b}`);
        rt.exports.opa_heap_ptr_set(heap);
      }
    }
  }
});

// Results stay binary in the runtime until printed; as operands they must act as their text.
test('chained operations and comparisons act on the printed text', () => {
  const ex = rt.exports;
  for (let i = 0; i < 600; i++) {
    const heap = ex.opa_heap_ptr_get();
    const [op1, op2] = [OPS[i % OPS.length], OPS[(i >> 2) % OPS.length]];
    const [a, b, c] = [randomDecimal(), randomDecimal(), randomDecimal()];
    const first = ex[`builtin_${op1}`](rt.value(a), rt.value(b));
    const firstText = expected(op1, a, b);
    const second = ex[`builtin_${op2}`](first, rt.value(c));
    assert.is(rt.dumpValue(second), expected(op2, firstText, c), `(${a} ${op1} ${b}) ${op2} ${c}`);
    assert.is(ex.opa_value_compare(first, rt.value(c)), compareDecimal(firstText, c), `${firstText} <=> ${c}`);
    assert.is(ex.opa_value_compare(first, rt.value(firstText)), 0, `${firstText} == its text`);
    ex.opa_heap_ptr_set(heap);
  }
});

test('round, ceil and floor of random decimals', () => {
  for (let i = 0; i < 600; i++) {
    const heap = rt.exports.opa_heap_ptr_get();
    const fn = (['round', 'ceil', 'floor'] as const)[i % 3];
    const a = randomDecimal().replace(/e(-?\d+)$/, (_, e: string) => `e${Math.min(Number(e), 25)}`);
    assert.is(rt.call(`builtin_${fn}`, a), expectedRounding(fn, a), `${fn}(${a})`);
    rt.exports.opa_heap_ptr_set(heap);
  }
});

test.run();
