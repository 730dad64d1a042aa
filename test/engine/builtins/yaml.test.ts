import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('yaml.yaml');

test.run();
