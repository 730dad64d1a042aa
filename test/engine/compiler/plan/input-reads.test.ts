/**
 * What an entrypoint reads of its input (plan/input-reads.ts), from input-reads.yaml: each case's
 * policy is compiled by the real compiler, its reads must be the case's `reads`, and every input
 * must give the same result, evaluated by the official SDK, whole and narrowed to those reads
 * (protocol's `projected`). At least one input of a case that reads less than everything must
 * lose something to the narrowing, so that the comparison tests what it claims to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile, hostBuiltins } from '../../../../engine/index.js';
import { projected } from '../../../../engine/decision/projection.js';
import type { InputReads } from '../../../../engine/compiler/index.js';
import { repoRoot } from '../../../conformance/cases.js';

/** One module as `source`, or several as `modules` (file -> source). */
interface Case { note: string; entrypoint: string; source?: string; modules?: Record<string, string>; reads: InputReads; inputs: unknown[] }

const file = path.join(repoRoot(), 'test', 'engine', 'compiler', 'plan', 'input-reads.yaml');
const cases = YAML.parse(fs.readFileSync(file, 'utf8')) as Case[];

function evaluate(policy: Awaited<ReturnType<typeof loadPolicy>>, input: unknown, entrypoint: string): unknown {
  try {
    return policy.evaluate(input as object, entrypoint);
  } catch (e) {
    return { error: String((e as { message?: string })?.message ?? e) };
  }
}

test('input reads: worked out only when asked for', async () => {
  const modules = { 'policy.rego': 'package test\np := input.a' };
  assert.is((await compile({ modules, entrypoints: ['test/p'] })).inputReads, undefined);
  assert.equal((await compile({ modules, entrypoints: ['test/p'], inputReads: true })).inputReads, { 'test/p': { a: true } });
});

for (const c of cases) {
  test(`input reads: ${c.note}`, async () => {
    const { wasm, inputReads } = await compile({ modules: c.modules ?? { 'policy.rego': c.source ?? '' }, entrypoints: [c.entrypoint], inputReads: true });
    assert.equal(inputReads?.[c.entrypoint], c.reads);
    const policy = await loadPolicy(wasm as Uint8Array<ArrayBuffer>, undefined, hostBuiltins);
    let narrowedAny = false;
    for (const input of c.inputs) {
      const narrowed = projected(input, c.reads);
      narrowedAny ||= JSON.stringify(narrowed) !== JSON.stringify(input);
      assert.equal(evaluate(policy, narrowed, c.entrypoint), evaluate(policy, input, c.entrypoint), `input ${JSON.stringify(input)} narrowed to ${JSON.stringify(narrowed)}`);
    }
    if (c.reads !== true) assert.ok(narrowedAny, 'no input of this case loses anything to the narrowing');
  });
}

test.run();
