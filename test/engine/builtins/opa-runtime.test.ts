import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostBuiltins } from '../../../engine/builtins/index.js';

test('opa.runtime exposes nothing about the process (no environment, no config)', () => {
  assert.equal(hostBuiltins['opa.runtime']!(), {});
});

test.run();
