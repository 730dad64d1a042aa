import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('numbers.yaml');

test.run();
