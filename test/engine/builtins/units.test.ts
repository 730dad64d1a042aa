import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('units.yaml');

test.run();
