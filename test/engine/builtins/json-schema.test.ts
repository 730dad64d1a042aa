import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('json-schema.yaml');

test.run();
