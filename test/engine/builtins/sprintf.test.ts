import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('sprintf.yaml');

test.run();
