import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('json.yaml');

test.run();
