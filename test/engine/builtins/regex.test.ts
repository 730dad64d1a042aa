import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('regex.yaml');

test.run();
