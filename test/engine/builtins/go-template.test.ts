import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('go-template.yaml');

test.run();
