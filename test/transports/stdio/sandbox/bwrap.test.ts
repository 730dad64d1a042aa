import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bwrapArgs, withHiddenOptions, type BwrapPlan } from '../../../../transports/stdio/sandbox/bwrap.js';

const plan: BwrapPlan = {
  command: '/usr/bin/node', args: ['server.js', '--flag'], system: ['/usr'], network: false,
  mounts: [{ path: '/srv/app', access: 'read' }, { path: '/srv/app/data', access: 'write' }],
  hiddenDirs: ['/srv/app/.mcp-warden'], hiddenFiles: ['/srv/app/key.pem'],
  home: '/home/sandbox', cwd: '/srv/app', dropCapabilities: false, procMasks: { files: ['/proc/keys'], dirs: ['/proc/acpi'] },
};

const after = (args: string[], flag: string): string[] => args.slice(args.indexOf(flag) + 1, args.indexOf(flag) + 3);

test('own PID, IPC, UTS and network namespaces; dies with warden', () => {
  const args = bwrapArgs(plan);
  for (const flag of ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-net', '--die-with-parent', '--new-session']) assert.ok(args.includes(flag), flag);
});

test('network on: no network namespace', () => {
  assert.not.ok(bwrapArgs({ ...plan, network: true }).includes('--unshare-net'));
});

test('capabilities dropped only when asked (bwrap run as root)', () => {
  assert.not.ok(bwrapArgs(plan).includes('--cap-drop'));
  assert.equal(after(bwrapArgs({ ...plan, dropCapabilities: true }), '--cap-drop').slice(0, 1), ['ALL']);
});

test('a seccomp filter is read from the descriptor given, only when there is one', () => {
  assert.not.ok(bwrapArgs(plan).includes('--seccomp'));
  const args = bwrapArgs({ ...plan, seccompFd: 3 });
  assert.equal(after(args, '--seccomp').slice(0, 1), ['3']);
  assert.ok(args.indexOf('--seccomp') < args.indexOf('--'));
});

test('mounts in order: system, private /tmp and HOME, grants, then the hidden paths over them', () => {
  const args = bwrapArgs(plan).join(' ');
  const order = ['--ro-bind-try /usr /usr', '--tmpfs /tmp', '--tmpfs /home/sandbox', '--ro-bind /srv/app /srv/app',
    '--bind /srv/app/data /srv/app/data', '--tmpfs /srv/app/.mcp-warden --remount-ro /srv/app/.mcp-warden', '--ro-bind /dev/null /srv/app/key.pem'];
  const at = order.map((part) => args.indexOf(part));
  assert.not.ok(at.includes(-1), args);
  assert.equal(at, [...at].sort((a, b) => a - b));
});

test('the kernel\'s knobs in the fresh /proc are read-only and its host state covered, right after it is mounted', () => {
  const args = bwrapArgs(plan).join(' ');
  const order = ['--proc /proc', '--ro-bind-try /proc/sys /proc/sys', '--ro-bind-try /proc/sysrq-trigger /proc/sysrq-trigger',
    '--ro-bind /dev/null /proc/keys', '--tmpfs /proc/acpi --remount-ro /proc/acpi', '--ro-bind-try /usr /usr'];
  const at = order.map((part) => args.indexOf(part));
  assert.not.ok(at.includes(-1), args);
  assert.equal(at, [...at].sort((a, b) => a - b));
});

test('the command comes last, after --, with its arguments untouched', () => {
  const args = bwrapArgs({ ...plan, args: ['--setenv', 'X', 'Y'] });
  assert.equal(args.slice(args.indexOf('--') + 1), ['/usr/bin/node', '--setenv', 'X', 'Y']);
  assert.equal(after(args, '--chdir'), ['/srv/app', '--']);
  assert.ok(args.join(' ').includes('--setenv HOME /home/sandbox'));
});

test('user namespaces disabled inside: bwrap needs a user namespace of its own for that', () => {
  const args = bwrapArgs({ ...plan, disableUserns: true });
  assert.ok(args.indexOf('--disable-userns') > args.indexOf('--unshare-user') && args.indexOf('--unshare-user') > 0, args.join(' '));
  assert.not.ok(bwrapArgs(plan).includes('--disable-userns'));
  assert.not.ok(bwrapArgs(plan).includes('--unshare-user'));
});

test('options hidden in a descriptor: only the server\'s command line stays visible, and bwrap reads the same options', () => {
  const hidden = withHiddenOptions({ ...plan, seccompFd: 4 }, 3);
  assert.equal(hidden.args, ['--args', '3', '--', '/usr/bin/node', 'server.js', '--flag']);
  const options = Buffer.from(hidden.input).toString('utf8');
  assert.ok(options.endsWith('\0'), 'each option NUL-terminated');
  const full = bwrapArgs({ ...plan, seccompFd: 4 });
  assert.equal(options.slice(0, -1).split('\0'), full.slice(0, full.indexOf('--')));
  assert.not.ok(hidden.args.some((arg) => arg.includes('.mcp-warden') || arg.includes('key.pem')));
});

test('an option holding NUL is refused rather than split', () => {
  assert.throws(() => withHiddenOptions({ ...plan, cwd: '/srv/app\0--bind' }, 3), /NUL/);
});

test.run();
