import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('jwt.yaml');

test.run();
