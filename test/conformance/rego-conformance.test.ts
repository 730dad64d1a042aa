/**
 * OPA's Rego conformance suite, run against our compiler and the official wasm SDK. A case that
 * expects an error passes only with OPA's code and message (runner.ts). Known failures live in exceptions.yaml (note -> reason); that list only shrinks: a listed
 * case that now passes fails the run until it is removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { loadCases, repoRoot, type ConformanceCase } from './cases.js';
import { projectionChecks, runCase } from './runner.js';

const exceptionsFile = path.join(repoRoot(), 'test', 'conformance', 'exceptions.yaml');
const exceptions = (YAML.parse(fs.readFileSync(exceptionsFile, 'utf8')) ?? {}) as Record<string, string>;
const cases = loadCases();

if (!cases) {
  console.log('rego conformance: skipped, ../shared/rego-conformance/v1 is not present');
} else {
  const listed: ConformanceCase[] = [];
  let errorCases = 0;
  for (const c of cases) {
    if (Object.hasOwn(exceptions, c.note)) {
      listed.push(c);
      continue;
    }
    test(`conformance: ${c.note}`, async () => {
      const r = await runCase(c);
      if (!r.ok) assert.unreachable(`${c.file}: ${r.reason}`);
      if (r.ok && r.error) errorCases++;
    });
  }

  test('conformance: every listed exception still fails (the list only shrinks)', async () => {
    const fixed: string[] = [];
    for (const c of listed) {
      const r = await runCase(c).catch((e: unknown) => ({ ok: false, reason: String(e) }));
      if (r.ok) fixed.push(c.note);
    }
    const stale = Object.keys(exceptions).filter((n) => !cases.some((c) => c.note === n));
    console.log(`rego conformance: ${cases.length - listed.length} of ${cases.length} cases run and expected to pass, ${listed.length} listed as known failures`);
    console.log(`rego conformance: ${errorCases} passing cases expect an error and match OPA's code and message`);
    console.log(`rego conformance: ${projectionChecks.narrowed} cases also gave the same rows with their input narrowed to what the query reads`);
    assert.ok(projectionChecks.narrowed > 0, 'no case was evaluated with its input narrowed');
    assert.equal(fixed, [], `these cases pass now; remove them from ${exceptionsFile}`);
    assert.equal(stale, [], 'these exceptions name no conformance case');
  });
}

test.run();
