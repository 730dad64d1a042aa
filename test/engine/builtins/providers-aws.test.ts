import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('providers-aws.yaml');

test.run();
