import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('encoding.yaml');

test.run();
