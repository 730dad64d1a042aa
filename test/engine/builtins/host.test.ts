import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toSdkBuiltin } from '../../../engine/builtins/host.js';

test('a throwing builtin becomes an undefined call instead of aborting evaluation', () => {
  assert.is(toSdkBuiltin(() => { throw new Error('boom'); })(), undefined);
});

test('non-finite numbers are undefined rather than JSON null', () => {
  assert.is(toSdkBuiltin(() => Number.NaN)(), undefined);
  assert.is(toSdkBuiltin(() => Number.POSITIVE_INFINITY)(), undefined);
});

test('results and arguments pass through unchanged', () => {
  assert.equal(toSdkBuiltin((a, b) => [a, b])(1, 'x'), [1, 'x']);
  assert.is(toSdkBuiltin(() => false)(), false);
});

test.run();
