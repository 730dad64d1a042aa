import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('net.yaml');

test.run();
