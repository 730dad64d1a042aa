import { realpathSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_SANDBOX_POLICY } from '../../../../transports/stdio/sandbox/policy.js';
import { setUpSandbox } from '../../../../transports/stdio/sandbox/setup.js';

const unusable = () => ({ usable: false as const, reason: 'no namespaces here' });
const usable = () => ({ usable: true as const, bwrap: '/usr/bin/bwrap' });
const request = { command: process.execPath, args: [], protect: [] };

test('none: unconfined, and says so', () => {
  const setup = setUpSandbox({ ...request, policy: { ...DEFAULT_SANDBOX_POLICY, mode: 'none' }, probe: usable });
  assert.is(setup.confinement.sandbox, 'none');
  assert.is(setup.wrap, undefined);
});

test('auto without a usable bwrap: unconfined, loudly, with the reason', () => {
  const setup = setUpSandbox({ ...request, policy: DEFAULT_SANDBOX_POLICY, probe: unusable });
  assert.is(setup.confinement.sandbox, 'none');
  assert.match(setup.confinement.reason, /UNCONFINED.*no namespaces here/);
});

test('bwrap without a usable bwrap: refuses to start', () => {
  assert.throws(() => setUpSandbox({ ...request, policy: { ...DEFAULT_SANDBOX_POLICY, mode: 'bwrap' }, probe: unusable }), /bubblewrap is unavailable: no namespaces here/);
});

test('a usable bwrap wraps each launch, the program resolved through PATH', () => {
  const setup = setUpSandbox({ ...request, policy: DEFAULT_SANDBOX_POLICY, probe: usable });
  assert.is(setup.confinement.sandbox, 'bwrap');
  const launch = setup.wrap!({ command: path.basename(process.execPath), args: ['-v'], env: { PATH: path.dirname(process.execPath) }, cwd: '/' });
  assert.is(launch.command, '/usr/bin/bwrap');
  assert.equal(launch.args.slice(-2), [realpathSync(process.execPath), '-v']);
});

test('a program not found fails the launch, not the startup', () => {
  const setup = setUpSandbox({ ...request, command: 'no-such-server-binary', policy: DEFAULT_SANDBOX_POLICY, probe: usable });
  assert.throws(() => setup.wrap!({ command: 'no-such-server-binary', args: [], env: { PATH: '/usr/bin' }, cwd: '/' }), /not found/);
});

test.run();
