import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('urlquery.yaml');

test.run();
