import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('strings.yaml');

test.run();
