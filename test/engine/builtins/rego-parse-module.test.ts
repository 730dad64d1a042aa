import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('rego-parse-module.yaml');

test.run();
