import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('http-send.yaml');

test.run();
