import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('glob.yaml');

test.run();
