/** opaFlags and goBooleanFlags: the opa test flags warden reads, and Go's `--flag=false` for switches. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { goBooleanFlags, opaFlags } from '../../../cli/policy-test/opa-flags.js';
import { UsageError } from '../../../cli/usage.js';

test('--flag=false drops a switch and is told apart, --flag=true sets it; other flags and anything after -- stay', () => {
  const argv = ['--benchmem=false', '--bench=true', '--run=x', '--other=false', '--', '--benchmem=false'];
  assert.equal(goBooleanFlags(argv, ['benchmem', 'bench']), { argv: ['--bench', '--run=x', '--other=false', '--', '--benchmem=false'], off: new Set(['benchmem']) });
  assert.equal(goBooleanFlags(['--benchmem=false', '--benchmem'], ['benchmem']).off, new Set(), 'the last spelling wins');
});

test('defaults are OPA\'s: one run, ten errors listed, --benchmem on', () => {
  assert.equal(opaFlags({}), { count: 1, varValues: false, maxErrors: 10, bundle: false, benchMem: true });
  assert.is(opaFlags({ benchmem: true }).benchMem, true);
  assert.is(opaFlags({}, new Set(['benchmem'])).benchMem, false);
});

test('--explain fails and notes are read; full and debug refused', () => {
  assert.is(opaFlags({ explain: 'notes' }).explain, 'notes');
  for (const mode of ['full', 'debug']) assert.throws(() => opaFlags({ explain: mode }), (e: unknown) => e instanceof UsageError && /no evaluation trace/.test(e.message));
});

test('integers are checked', () => {
  assert.is(opaFlags({ 'max-errors': '-1' }).maxErrors, -1);
  assert.throws(() => opaFlags({ 'max-errors': '1.5' }), (e: unknown) => e instanceof UsageError && e.message === '--max-errors needs an integer, got "1.5"');
  assert.throws(() => opaFlags({ parallel: 'many' }), (e: unknown) => e instanceof UsageError);
});

test.run();
