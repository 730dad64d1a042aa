/**
 * readCoverageHits on policies compiled by the real compiler and loaded by the official SDK,
 * and the whole path from evaluation to OPA's report.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile } from '../../../engine/compiler/index.js';
import { coverageReport, readCoverageHits } from '../../../engine/coverage/index.js';

const modules = {
  'p.rego': 'package p\n\nallow if {\n  input.role == "admin"\n}\n\ndeny if input.role == "guest"\n',
  'p_test.rego': 'package p_test\n\ntest_admin if {\n  data.p.allow with input.role as "admin"\n}\n',
};

async function load() {
  const out = await compile({ modules, entrypoints: ['p/allow', 'p/deny', 'p_test/test_admin'], coverage: true });
  return { out, policy: await loadPolicy(out.wasm as Uint8Array<ArrayBuffer>) };
}

const rowsOf = (sites: { sites: Array<{ file: string; row: number }> }, hits: Set<number>) => [...hits].sort((a, b) => a - b).map((i) => `${sites.sites[i]!.file}:${sites.sites[i]!.row}`);

test('nothing is hit before an evaluation; hits add up over evaluations', async () => {
  const { out, policy } = await load();
  const sites = out.coverage!;
  assert.equal([...readCoverageHits(policy, sites)], []);
  policy.evaluate({ role: 'user' }, 'p/allow');
  assert.equal(rowsOf(sites, readCoverageHits(policy, sites)), ['p.rego:4']);
  policy.evaluate({}, 'p_test/test_admin');
  assert.equal(rowsOf(sites, readCoverageHits(policy, sites)), ['p.rego:3', 'p.rego:4', 'p_test.rego:3', 'p_test.rego:4']);
});

test('from evaluation to the report', async () => {
  const { out, policy } = await load();
  policy.evaluate({}, 'p_test/test_admin');
  const report = coverageReport(out.coverage!, readCoverageHits(policy, out.coverage!), modules);
  assert.equal(report.files['p.rego'], {
    covered: [{ start: { row: 3 }, end: { row: 4 } }],
    not_covered: [{ start: { row: 7 }, end: { row: 7 } }],
    covered_lines: 2,
    not_covered_lines: 1,
    coverage: (100 * 2) / 3,
  });
  assert.equal([report.covered_lines, report.not_covered_lines, report.coverage], [4, 1, 80]);
});

test('a policy compiled without coverage is refused, naming the option', async () => {
  const { out } = await load();
  const plain = await compile({ modules, entrypoints: ['p/allow'] });
  const policy = await loadPolicy(plain.wasm as Uint8Array<ArrayBuffer>);
  assert.throws(() => readCoverageHits(policy, out.coverage!), /coverage: true/);
});

test('sites that cannot belong to the policy are refused', async () => {
  const { policy } = await load();
  const huge = { sites: Array.from({ length: 1 << 24 }, (_, row) => ({ file: 'p.rego', row })) };
  assert.throws(() => readCoverageHits(policy, huge), RangeError);
});

test.run();
