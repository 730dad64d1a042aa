/**
 * Container setup: the launch it builds for docker and podman (with injected probes, so these
 * run anywhere), and a real podman session whose server ignores EOF and SIGTERM: stopping the
 * session must still leave no container behind. That part skips, saying why, without podman.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage } from '../../../../engine/protocol/jsonrpc.js';
import { StdioChildTransport } from '../../../../transports/stdio/child.js';
import type { EngineProbeRequest } from '../../../../transports/stdio/sandbox/container-detect.js';
import { setUpContainer, type ContainerRequest } from '../../../../transports/stdio/sandbox/container.js';
import { DEFAULT_SANDBOX_POLICY } from '../../../../transports/stdio/sandbox/policy.js';
import { testPodman } from './support/podman.js';

const probed: EngineProbeRequest[] = [];
const usable = (engine: string) => (request: EngineProbeRequest) => (probed.push(request), { usable: true as const, engine });
const base: ContainerRequest = {
  engine: 'docker', policy: { ...DEFAULT_SANDBOX_POLICY, image: 'node:20-slim' }, command: 'node', args: ['server.js'],
  protect: [], cwd: '/', probe: usable('/usr/bin/docker'),
};

function launched(request: ContainerRequest, env: Record<string, string> = { PATH: '/usr/bin', API_TOKEN: 't' }) {
  const setup = setUpContainer(request);
  if (!setup.usable) throw new Error(setup.reason);
  return { setup, launch: setup.wrap({ command: 'node', args: ['server.js'], env, cwd: '/' }) };
}

test('a root warden gives the engine a profile refusing set-id modes; without a default profile to extend, it says so', () => {
  const profile = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['chmod'], action: 'SCMP_ACT_ALLOW' }] };
  const { launch } = launched({ ...base, root: true, seccompBase: () => profile });
  const opt = launch.args.filter((arg) => arg.startsWith('seccomp='));
  assert.is(opt.length, 1);
  const written = JSON.parse(readFileSync(opt[0]!.slice('seccomp='.length), 'utf8')) as typeof profile;
  assert.equal(written.syscalls, [{ names: ['chmod'], action: 'SCMP_ACT_ALLOW', args: [{ index: 1, value: 0o6000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] }]);
  const bare = launched({ ...base, root: true, seccompBase: () => undefined });
  assert.not.ok(bare.launch.args.some((arg) => arg.startsWith('seccomp=')));
  assert.match(bare.setup.notes.join('\n'), 'setuid files are not refused in containers');
  assert.not.ok(launched({ ...base, root: false }).launch.args.some((arg) => arg.startsWith('seccomp=')), 'an ordinary user\'s server owns nothing setuid-root');
});

test('docker with an image: container-run around `docker run ... IMAGE node server.js`', () => {
  const { setup, launch } = launched(base);
  assert.is(setup.reason, 'docker (/usr/bin/docker), image node:20-slim, network off, limits 1024 processes, 4096 MiB of memory in all');
  assert.is(launch.command, process.execPath);
  assert.match(launch.args[0]!, /container-run\.js$/);
  assert.is(launch.args[1], '/usr/bin/docker');
  assert.match(launch.args[2]!, new RegExp(`^mcp-warden-${process.pid}-[0-9a-f]{12}$`));
  const run = launch.args.slice(3);
  assert.is(run[0], 'run');
  assert.equal(run.slice(run.indexOf('node:20-slim')), ['node:20-slim', 'node', 'server.js'], 'the program is the image\'s, not resolved on the host');
});

test('in an image the server\'s variables pass by name, but not the host\'s PATH; the engine gets the values', () => {
  const { launch } = launched(base);
  const run = launch.args.slice(3);
  const names = run.flatMap((arg, at) => (arg === '--env' ? [run[at + 1]!] : []));
  assert.equal(names, ['API_TOKEN', 'HOME=/home/sandbox', 'TMPDIR=/tmp']);
  assert.is(launch.env.API_TOKEN, 't');
});

test('each launch is its own container', () => {
  const setup = setUpContainer(base);
  if (!setup.usable) throw new Error(setup.reason);
  const names = [1, 2].map(() => setup.wrap({ command: 'node', args: [], env: {}, cwd: '/' }).args[2]);
  assert.is.not(names[0], names[1]);
});

test('docker needs an image, and cannot run a root directory', () => {
  assert.throws(() => setUpContainer({ ...base, policy: DEFAULT_SANDBOX_POLICY }), /docker needs an image/);
  assert.throws(() => setUpContainer({ ...base, policy: { ...DEFAULT_SANDBOX_POLICY, image: '/srv/root' } }), /docker cannot run a root directory/);
});

test('podman without an image: warden\'s empty root and the host\'s system, probed as such', () => {
  probed.length = 0;
  const { setup, launch } = launched({ ...base, engine: 'podman', policy: DEFAULT_SANDBOX_POLICY, probe: usable('/usr/bin/podman'), cgroupV2: true });
  assert.is(setup.reason, "podman (/usr/bin/podman), the host's system read-only, network off, limits 1024 processes, 4096 MiB of memory in all");
  const root = probed[0]!.root;
  assert.is(root.kind, 'rootfs');
  assert.ok(probed[0]!.system.includes('/usr'));
  const run = launch.args.slice(3);
  assert.ok(run.includes('/usr:/usr:ro'));
  assert.equal(run.slice(run.indexOf('--rootfs'), run.indexOf('--rootfs') + 2), ['--rootfs', root.kind === 'rootfs' ? root.dir : '']);
});

test('warden\'s own directories are covered like its secrets when a grant exposes them', () => {
  probed.length = 0;
  const { launch } = launched({ ...base, engine: 'podman', policy: { ...DEFAULT_SANDBOX_POLICY, write: [realpathSync(tmpdir())] }, probe: usable('/usr/bin/podman') });
  const root = probed[0]!.root;
  const scratch = path.dirname(root.kind === 'rootfs' ? root.dir : '');
  assert.ok(launch.args.includes(`${path.join(scratch, 'empty')}:${scratch}:ro`), launch.args.join(' '));
});

test('limits rootless podman cannot apply refuse the start, once podman is found usable', () => {
  const rootlessV1 = { ...base, engine: 'podman' as const, policy: { ...DEFAULT_SANDBOX_POLICY, limits: { processes: 64 } }, root: false, cgroupV2: false };
  assert.throws(() => setUpContainer({ ...rootlessV1, probe: usable('/usr/bin/podman') }), /rootless podman cannot apply resource limits/);
  assert.equal(setUpContainer({ ...rootlessV1, probe: () => ({ usable: false, reason: 'no engine' }) }), { usable: false, reason: 'no engine' });
});

test('an unusable engine: the reason, and the empty root removed again', () => {
  probed.length = 0;
  const setup = setUpContainer({ ...base, engine: 'podman', policy: DEFAULT_SANDBOX_POLICY, probe: (request) => (probed.push(request), { usable: false, reason: 'no engine' }) });
  assert.equal(setup, { usable: false, reason: 'no engine' });
  const root = probed[0]!.root;
  assert.not.ok(root.kind === 'rootfs' && existsSync(root.dir));
});

const podman = testPodman();
if (!podman.usable) console.log(`container: skipping the real podman session: ${podman.reason}`);
const withPodman = podman.usable ? test : test.skip;

/** Answers one line, then ignores EOF and SIGTERM: only a kill ends it. */
const STUBBORN = `process.on('SIGTERM', () => {}); require('readline').createInterface({ input: process.stdin })
  .on('line', () => console.log(JSON.stringify({ jsonrpc: '2.0', id: 1, result: { uid: process.getuid() } }))).on('close', () => {}); setInterval(() => {}, 1000);`;

function ourContainers(): string[] {
  const listed = spawnSync('podman', ['ps', '--all', '--format', '{{.Names}}', '--filter', `name=^mcp-warden-${process.pid}-`], { encoding: 'utf8' });
  return listed.stdout.split('\n').filter((line) => line !== '');
}

withPodman('a real session: the server answers, and stopping it leaves no container, though it ignores EOF and SIGTERM', async () => {
  if (!podman.usable) return;
  // The engine's settings reach it through warden's environment, as in production.
  const saved = process.env.CONTAINERS_CONF;
  process.env.CONTAINERS_CONF = podman.env.CONTAINERS_CONF;
  const root = mkdtempSync(path.join(tmpdir(), 'mcp-warden-container-'));
  try {
    const setup = setUpContainer({ ...base, engine: 'podman', policy: DEFAULT_SANDBOX_POLICY, probe: undefined, command: 'node', args: ['-e', STUBBORN], cwd: root });
    if (!setup.usable) throw new Error(setup.reason);
    const transport = new StdioChildTransport({ command: 'node', args: ['-e', STUBBORN], wrap: setup.wrap, gracefulExitMs: 300, terminateExitMs: 5000 });
    const answered = new Promise<JsonRpcMessage>((resolve) => (transport.onmessage = resolve));
    await transport.start();
    await transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' });
    assert.equal(await answered, { jsonrpc: '2.0', id: 1, result: { uid: process.getuid!() } });
    assert.is(ourContainers().length, 1);
    const started = Date.now();
    await transport.close();
    assert.ok(Date.now() - started < 5000, 'container-run killed it after SIGTERM: no SIGKILL was needed');
    assert.equal(ourContainers(), []);
  } finally {
    if (saved === undefined) delete process.env.CONTAINERS_CONF;
    else process.env.CONTAINERS_CONF = saved;
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
