import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('objects.yaml');

test.run();
