import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('x509.yaml');

test.run();
