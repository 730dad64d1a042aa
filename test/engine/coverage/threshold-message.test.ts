/** thresholdMessage: cases are data (threshold-message.cases.yaml). */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { thresholdMessage, type CoverageReport } from '../../../engine/coverage/index.js';
import { repoRoot } from '../../conformance/cases.js';

interface Case { note: string; report: CoverageReport; threshold: number; verbose: boolean; want: string }

const file = path.join(repoRoot(), 'test', 'engine', 'coverage', 'threshold-message.cases.yaml');
const cases = YAML.parse(fs.readFileSync(file, 'utf8')) as Case[];

for (const c of cases) {
  test(c.note, () => {
    assert.fixture(thresholdMessage(c.report, c.threshold, c.verbose), c.want);
  });
}

test.run();
