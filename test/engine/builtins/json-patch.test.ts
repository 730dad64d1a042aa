import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('json-patch.yaml');

test.run();
