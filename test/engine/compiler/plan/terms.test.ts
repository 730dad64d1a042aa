/**
 * Planning literals (terms.ts): a set literal of N constants is planned in time linear in N. It
 * once copied the operands planned so far for each element, so 40,000 names took 13 s to compile
 * where 10,000 took 0.7 s. Compile times of 4,000 and 32,000 elements are compared as a ratio of
 * the fastest of alternating rounds (noise weighs on both): linear is about 8x, quadratic 64x.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../../engine/compiler/index.js';

function source(n: number): string {
  const names = Array.from({ length: n }, (_, i) => JSON.stringify(`tool_${i}`));
  return `package mcp\nimport rego.v1\nallowed_names := {${names.join(', ')}}\nallow if input.params.name in allowed_names\n`;
}

async function compileTime(n: number): Promise<number> {
  const text = source(n);
  const start = performance.now();
  const { wasm } = await compile({ modules: { 'p.rego': text }, entrypoints: ['mcp/allow'] });
  assert.ok(wasm.length > n * 4, 'every name is in the module');
  return performance.now() - start;
}

test('a large set literal compiles in time linear in its size', async () => {
  const small: number[] = [];
  const large: number[] = [];
  for (let round = 0; round < 5; round++) {
    small.push(await compileTime(4000));
    large.push(await compileTime(32000));
  }
  const ratio = Math.min(...large) / Math.min(...small);
  assert.ok(ratio < 24, `8x the elements took ${ratio.toFixed(1)}x the time`);
});

test.run();
