/**
 * coverageReport against OPA's report shape: cases are data (report.cases.yaml) and compared as
 * JSON text, so key order and left-out fields count.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { coverageReport } from '../../../engine/coverage/index.js';
import { repoRoot } from '../../conformance/cases.js';

interface Case { note: string; sites: Array<[string, number]>; hits: number[]; modules: string[]; want: unknown }

const file = path.join(repoRoot(), 'test', 'engine', 'coverage', 'report.cases.yaml');
const cases = YAML.parse(fs.readFileSync(file, 'utf8')) as Case[];

for (const c of cases) {
  test(`report: ${c.note}`, () => {
    const sites = { sites: c.sites.map(([f, row]) => ({ file: f, row })) };
    const modules = Object.fromEntries(c.modules.map((m) => [m, 'package x\n']));
    const report = coverageReport(sites, new Set(c.hits), modules);
    assert.is(JSON.stringify(report, null, 1), JSON.stringify(c.want, null, 1));
  });
}

test.run();
