import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('json-paths.yaml');

test.run();
