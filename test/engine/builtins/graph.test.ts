import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('graph.yaml');

test.run();
