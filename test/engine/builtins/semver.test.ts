import { test } from 'uvu';
import { runCaseTable } from './harness.js';

runCaseTable('semver.yaml');

test.run();
