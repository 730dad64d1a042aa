import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { containerArgs, type ContainerPlan } from '../../../../transports/stdio/sandbox/container-args.js';

const plan: ContainerPlan = {
  engine: 'docker', name: 'mcp-warden-1-ab', root: { kind: 'image', image: 'node:20-slim' },
  command: 'node', args: ['/srv/app/server.js', '--flag'], system: [], network: false,
  mounts: [{ path: '/srv/app', access: 'read' }, { path: '/srv/app/data', access: 'write' }],
  hiddenDirs: ['/srv/app/.mcp-warden'], hiddenFiles: ['/srv/app/key.pem'], empty: '/tmp/mcp-warden-container-x/empty',
  home: '/home/sandbox', cwd: '/srv/app', envNames: ['API_TOKEN', 'LANG'], user: { uid: 1000, gid: 1000 }, keepId: false, limits: { processes: 1024, memoryMiB: 4096 },
};

const valuesOf = (args: string[], flag: string): string[] => args.flatMap((arg, at) => (arg === flag ? [args[at + 1]!] : []));

test('a removed, interactive container with an init, named, never pulling, logging nothing', () => {
  const args = containerArgs(plan);
  assert.equal(args.slice(0, 3), ['run', '--rm', '--interactive']);
  assert.ok(args.includes('--init'));
  assert.not.ok(args.includes('--tty') || args.includes('-t'), 'stdio is ndjson: no TTY');
  assert.equal(valuesOf(args, '--name'), ['mcp-warden-1-ab']);
  assert.equal(valuesOf(args, '--pull'), ['never']);
  assert.equal(valuesOf(args, '--log-driver'), ['none']);
});

test('read-only root, no capabilities, no new privileges, limited processes, warden\'s user', () => {
  const args = containerArgs(plan);
  assert.ok(args.includes('--read-only'));
  assert.equal(valuesOf(args, '--cap-drop'), ['ALL']);
  assert.equal(valuesOf(args, '--security-opt'), ['no-new-privileges']);
  assert.equal(valuesOf(args, '--pids-limit'), ['1024']);
  assert.equal(valuesOf(args, '--user'), ['1000:1000']);
  assert.not.ok(args.includes('--userns'));
  assert.equal(valuesOf(containerArgs({ ...plan, engine: 'podman', keepId: true }), '--userns'), ['keep-id']);
});

test('sandbox.limits: processes as --pids-limit, memory as the container\'s total, swap included; 0 turns each off', () => {
  const flags = (limits: ContainerPlan['limits']): string[] => containerArgs({ ...plan, limits }).filter((arg, at, all) => /^--(pids-limit|memory)/.test(arg) || all[at - 1] === '--pids-limit');
  assert.equal(flags({ processes: 64, memoryMiB: 256 }), ['--pids-limit', '64', '--memory=256m', '--memory-swap=256m']);
  assert.equal(flags({ processes: 0, memoryMiB: 256 }), ['--pids-limit', '-1', '--memory=256m', '--memory-swap=256m'], 'unlimited, not the engine\'s default');
  assert.equal(flags({ processes: 64, memoryMiB: 0 }), ['--pids-limit', '64']);
  assert.equal(containerArgs({ ...plan, limits: undefined }).filter((arg) => /^--(pids-limit|memory)/.test(arg)), [], 'an engine that cannot apply them gets none');
});

test('a root warden\'s seccomp profile (set-id modes refused) is given to the engine by path', () => {
  const args = containerArgs({ ...plan, seccompProfile: '/tmp/mcp-warden-container-x/seccomp.json' });
  assert.equal(valuesOf(args, '--security-opt'), ['no-new-privileges', 'seccomp=/tmp/mcp-warden-container-x/seccomp.json']);
});

test('network off: --network none; on: the engine\'s default network', () => {
  assert.equal(valuesOf(containerArgs(plan), '--network'), ['none']);
  assert.equal(valuesOf(containerArgs({ ...plan, network: true }), '--network'), []);
});

test('private /tmp and HOME, grants at their host paths, secrets covered read-only by an empty directory, not a tmpfs', () => {
  const args = containerArgs({ ...plan, system: ['/usr', '/etc/ssl'] });
  assert.equal(valuesOf(args, '--tmpfs'), ['/tmp', '/home/sandbox']);
  assert.equal(valuesOf(args, '--volume'), [
    '/usr:/usr:ro', '/etc/ssl:/etc/ssl:ro', '/srv/app:/srv/app:ro', '/srv/app/data:/srv/app/data:rw',
    '/tmp/mcp-warden-container-x/empty:/srv/app/.mcp-warden:ro', '/dev/null:/srv/app/key.pem:ro',
  ]);
});

test('variables pass by name only, values never on the command line; HOME and TMPDIR are the container\'s', () => {
  const args = containerArgs(plan);
  assert.equal(valuesOf(args, '--env'), ['API_TOKEN', 'LANG', 'HOME=/home/sandbox', 'TMPDIR=/tmp']);
  assert.equal(valuesOf(args, '--workdir'), ['/srv/app']);
});

test('the image, then the server\'s command line untouched, last', () => {
  const args = containerArgs({ ...plan, args: ['--rm', '--env', 'X=1'] });
  assert.equal(args.slice(args.indexOf('node:20-slim')), ['node:20-slim', 'node', '--rm', '--env', 'X=1']);
});

test('podman with a root directory: --rootfs DIR in place of the image', () => {
  const args = containerArgs({ ...plan, engine: 'podman', root: { kind: 'rootfs', dir: '/var/lib/roots/node' } });
  assert.equal(args.slice(-5), ['--rootfs', '/var/lib/roots/node', 'node', '/srv/app/server.js', '--flag']);
});

test('a path with ":" cannot be expressed as a volume: refused, not mangled', () => {
  assert.throws(() => containerArgs({ ...plan, mounts: [{ path: '/srv/a:b', access: 'read' }] }), /cannot mount \/srv\/a:b/);
});

test.run();
