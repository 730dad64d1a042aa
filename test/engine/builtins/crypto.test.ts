import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('crypto.yaml');

test.run();
