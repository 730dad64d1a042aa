/** formatCoverage: cases are data (format.cases.yaml). */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { formatCoverage, type CoverageReport } from '../../../engine/coverage/index.js';
import { repoRoot } from '../../conformance/cases.js';

interface Case { note: string; report: CoverageReport; want: string }

const file = path.join(repoRoot(), 'test', 'engine', 'coverage', 'format.cases.yaml');
const cases = YAML.parse(fs.readFileSync(file, 'utf8')) as Case[];

for (const c of cases) {
  test(`format: ${c.note}`, () => {
    assert.fixture(formatCoverage(c.report), c.want);
  });
}

test.run();
