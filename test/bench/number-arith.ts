/**
 * Number arithmetic: ms per evaluation of queries that do 500 to 1500 non-integer operations
 * (OPA's 64-bit-mantissa floats, engine/runtime/assembly/wide-float.ts), next to the same shape
 * on integers, which is the baseline measured in the same run. "x int" is the ratio of medians.
 *
 * Run alone: `node dist/test/bench/number-arith.js`.
 */
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile } from '../../engine/index.js';
import { hostBuiltins } from '../../engine/builtins/index.js';
import { percentile, sampleSync } from './stats.js';

const RUNS = 300;
const VALUES = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 1000) / 8 + 0.01);

const QUERIES: Array<[string, string]> = [
  ['int: 500 x (i * 3 + 7), sum', 'x := sum([y | some i in numbers.range(1, 500); y := i * 3 + 7])'],
  ['float: 500 x ((i * 0.1 + 0.25) / 3), sum', 'x := sum([y | some i in numbers.range(1, 500); y := (i * 0.1 + 0.25) / 3])'],
  ['float: 500 x (i / 7) printed', 'x := [y | some i in numbers.range(1, 500); y := i / 7]'],
  ['float: sort, max, set of 500 input decimals', 'x := [sort(input.values)[0], max(input.values), count({v | some v in input.values})]'],
];

export async function benchNumberArith(): Promise<void> {
  let baseline = 0;
  for (const [what, query] of QUERIES) {
    const { wasm } = await compile({ modules: {}, query });
    const policy = await loadPolicy(wasm, undefined, hostBuiltins);
    const p50 = percentile(sampleSync(RUNS, 30, () => policy.evaluate({ values: VALUES })), 50);
    baseline ||= p50;
    process.stdout.write(`${what.padEnd(48)} ${p50.toFixed(3)} ms  ${(p50 / baseline).toFixed(2)} x int\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchNumberArith();
