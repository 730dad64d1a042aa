import { realpathSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_SANDBOX_POLICY, type SandboxMode } from '../../../../transports/stdio/sandbox/policy.js';
import { setUpSandbox } from '../../../../transports/stdio/sandbox/setup.js';

const unusable = () => ({ usable: false as const, reason: 'no namespaces here' });
const usable = () => ({ usable: true as const, bwrap: '/usr/bin/bwrap' });
const noEngine = (r: { engine: string }) => ({ usable: false as const, reason: `${r.engine} is not installed` });
const engine = () => ({ usable: true as const, engine: '/usr/bin/podman' });
const request = { command: process.execPath, args: [], protect: [], probeEngine: noEngine };
const mode = (m: SandboxMode, image?: string) => ({ ...DEFAULT_SANDBOX_POLICY, mode: m, ...(image === undefined ? {} : { image }) });

test('none: unconfined, and says so', () => {
  const setup = setUpSandbox({ ...request, policy: mode('none'), probe: usable });
  assert.is(setup.confinement.sandbox, 'none');
  assert.is(setup.confinement.deliberate, true, 'the operator chose it: logged as a note, not an error');
  assert.is(setup.wrap, undefined);
});

test('auto without a usable bwrap or podman: unconfined, loudly, with both reasons', () => {
  const setup = setUpSandbox({ ...request, policy: DEFAULT_SANDBOX_POLICY, probe: unusable });
  assert.is(setup.confinement.sandbox, 'none');
  assert.match(setup.confinement.reason, /UNCONFINED.*no namespaces here.*podman is not installed/);
  assert.not.ok(setup.confinement.deliberate);
});

test('auto without a usable bwrap: podman on the host\'s system, and why', () => {
  const setup = setUpSandbox({ ...request, policy: DEFAULT_SANDBOX_POLICY, probe: unusable, probeEngine: engine });
  assert.is(setup.confinement.sandbox, 'podman');
  assert.match(setup.confinement.reason, /podman \(\/usr\/bin\/podman\), the host's system read-only, network off, .*\(bubblewrap is unavailable: no namespaces here\)/);
  assert.ok(setup.wrap);
});

test('auto prefers bwrap: the engines are not even probed', () => {
  const setup = setUpSandbox({ ...request, policy: DEFAULT_SANDBOX_POLICY, probe: usable, probeEngine: () => assert.unreachable('probed podman') as never });
  assert.is(setup.confinement.sandbox, 'bwrap');
});

test('bwrap, podman or docker asked for and unusable: refuses to start', () => {
  assert.throws(() => setUpSandbox({ ...request, policy: mode('bwrap'), probe: unusable }), /bubblewrap is unavailable: no namespaces here/);
  assert.throws(() => setUpSandbox({ ...request, policy: mode('podman'), probe: usable }), /--sandbox podman: podman is not installed/);
  assert.throws(() => setUpSandbox({ ...request, policy: mode('docker', 'node:20'), probe: usable }), /--sandbox docker: docker is not installed/);
});

test('an image applies to podman and docker only', () => {
  for (const m of ['auto', 'bwrap', 'none'] as const) {
    assert.throws(() => setUpSandbox({ ...request, policy: mode(m, 'node:20'), probe: usable }), /applies only to --sandbox podman or docker/);
  }
});

test('a usable bwrap wraps each launch, the program resolved through PATH', () => {
  const setup = setUpSandbox({ ...request, policy: DEFAULT_SANDBOX_POLICY, probe: usable });
  assert.is(setup.confinement.sandbox, 'bwrap');
  const launch = setup.wrap!({ command: path.basename(process.execPath), args: ['-v'], env: { PATH: path.dirname(process.execPath) }, cwd: '/' });
  launch.release?.();
  // bwrap runs under prlimit (and as root from a shell that joins the launch's cgroup first): limits.ts.
  const line = [launch.command, ...launch.args];
  assert.ok(line.indexOf('/usr/bin/bwrap') > line.findIndex((word) => word.endsWith('/prlimit')), line.join(' '));
  assert.ok(line.some((word) => word.endsWith('/prlimit')), line.join(' '));
  assert.equal(launch.args.slice(-2), [realpathSync(process.execPath), '-v']);
  assert.match(setup.confinement.reason, 'limits 1024 processes');
});

test('a program not found fails the launch, not the startup', () => {
  const setup = setUpSandbox({ ...request, command: 'no-such-server-binary', policy: DEFAULT_SANDBOX_POLICY, probe: usable });
  assert.throws(() => setup.wrap!({ command: 'no-such-server-binary', args: [], env: { PATH: '/usr/bin' }, cwd: '/' }), /not found/);
});

test.run();
