import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluateDecision, fuelFor, FUEL_PER_MS, type WasmEvaluator } from '../../../engine/policy/evaluate.js';
import { DEFAULT_FUEL_LIMIT, FUEL_LIMIT_EXPORT } from '../../../engine/compiler/wasm/fuel.js';
import { buildInput } from '../../../engine/decision/input.js';
import { context } from '../decision/fixtures.js';
import { loadCases } from './paths.js';

interface Case {
  note: string;
  returns?: unknown;
  throws?: string;
  throws_error?: string;
  elapsed_ms?: number;
  allowed: boolean;
  reason?: string;
  failure?: boolean;
}

const input = buildInput({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } }, context());

for (const c of loadCases<Case>('test/engine/policy/evaluate.cases.yaml')) {
  test(c.note, () => {
    const evaluator: WasmEvaluator = {
      evaluate() {
        busyWait(c.elapsed_ms ?? 0);
        if (c.throws !== undefined) throw c.throws;
        if (c.throws_error !== undefined) throw new Error(c.throws_error);
        return c.returns;
      },
    };
    const v = evaluateDecision(evaluator, input, { entrypoint: 0, budgetMs: 100 });
    assert.is(v.allowed, c.allowed, JSON.stringify(v));
    if (c.reason) assert.ok(v.reasons.some((r) => r.includes(c.reason!)), `${JSON.stringify(v.reasons)} should mention ${c.reason}`);
    if (!c.allowed && c.failure !== false) assert.ok(v.failure, 'a fail-closed denial names its failure');
  });
}

test('the evaluator receives the encoded input and the entrypoint', () => {
  let seen: [unknown, unknown] | undefined;
  const evaluator: WasmEvaluator = { evaluate(buffer, entrypoint) { seen = [buffer, entrypoint]; return []; } };
  evaluateDecision(evaluator, input, { entrypoint: 'warden/decision/result', budgetMs: 100 });
  assert.ok(seen![0] instanceof ArrayBuffer);
  assert.match(new TextDecoder().decode(seen![0] as ArrayBuffer), /"ns":1735689600000000000/);
  assert.is(seen![1], 'warden/decision/result');
});

test('the budget becomes the fuel limit of each evaluation', () => {
  const limit = new WebAssembly.Global({ value: 'i32', mutable: true }, 0);
  const seen: number[] = [];
  const evaluator = {
    evaluate() { seen.push(limit.value as number); return []; },
    wasmInstance: { exports: { [FUEL_LIMIT_EXPORT]: limit } } as unknown as WebAssembly.Instance,
  };
  evaluateDecision(evaluator, input, { entrypoint: 0, budgetMs: 100 });
  evaluateDecision(evaluator, input, { entrypoint: 0, budgetMs: Infinity });
  evaluateDecision(evaluator, input, { entrypoint: 0, budgetMs: -1 });
  assert.equal(seen, [fuelFor(100), DEFAULT_FUEL_LIMIT, 0]);
  assert.is(fuelFor(100), 100 * FUEL_PER_MS);
});

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* the thread is busy, as under CPU contention */ }
}

test.run();
