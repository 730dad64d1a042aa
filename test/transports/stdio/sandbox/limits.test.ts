import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceLimiter, userTasks } from '../../../../transports/stdio/sandbox/limits.js';

const prlimit = '/usr/bin/prlimit';
const hasPrlimit = existsSync(prlimit);
if (!hasPrlimit) console.log('limits: skipping the command lines: util-linux prlimit is not in /usr/bin here');
const withPrlimit = hasPrlimit ? test : test.skip;

withPrlimit('as an ordinary user: prlimit sets RLIMIT_DATA and RLIMIT_NPROC, soft and hard, around bwrap; NPROC on top of what the user runs at the launch', () => {
  let running = 700;
  const limiter = resourceLimiter({ root: false, searchPath: '/usr/bin', userTasks: () => running });
  assert.equal(limiter.limit('/usr/bin/bwrap', ['--unshare-pid', '--', 'srv']), {
    command: prlimit, args: ['--data=4294967296:4294967296', '--nproc=1724:1724', '/usr/bin/bwrap', '--unshare-pid', '--', 'srv'],
  });
  running = 2000;
  assert.equal(limiter.limit('bwrap', []).args.slice(1, 2), ['--nproc=3024:3024']);
  assert.is(limiter.describe, 'limits 1024 processes, 4096 MiB of data per process');
  assert.equal(limiter.notes, []);
});

test('the user\'s tasks are counted from /proc: at least this process and its threads', () => {
  assert.ok(userTasks() >= 1, String(userTasks()));
});

withPrlimit('a limit of 0 is left out; both 0 runs the command as it is', () => {
  assert.equal(resourceLimiter({ root: false, searchPath: '/usr/bin', limits: { processes: 0 } }).limit('bwrap', ['x']).args, ['--data=4294967296:4294967296', 'bwrap', 'x']);
  assert.equal(resourceLimiter({ root: true, limits: { processes: 0, memoryMiB: 0 }, cgroupRoots: () => ({}) }).limit('bwrap', ['x']), { command: 'bwrap', args: ['x'] });
});

const JOIN = 'while [ "$1" != -- ]; do echo $$ > "$1/cgroup.procs" || exit 125; shift; done; shift; exec "$@"';

withPrlimit('as root: processes are limited by a cgroup of the launch\'s own, joined before prlimit runs, removed on release', () => {
  const parent = mkdtempSync(path.join(tmpdir(), 'warden-cgroup-'));
  try {
    // An exited warden's group goes at the next start; a running one's stays.
    mkdirSync(path.join(parent, 'mcp-warden-999999999-0abc'));
    const live = `mcp-warden-${process.pid}-0abc`;
    mkdirSync(path.join(parent, live));
    const limiter = resourceLimiter({ root: true, searchPath: '/usr/bin', limits: { processes: 64, memoryMiB: 256 }, cgroupRoots: () => ({ pids: parent }) });
    const launch = limiter.limit('/usr/bin/bwrap', ['--', 'srv']);
    assert.ok(readdirSync(parent).includes(live));
    assert.not.ok(readdirSync(parent).includes('mcp-warden-999999999-0abc'));
    rmdirSync(path.join(parent, live));
    const [group] = readdirSync(parent);
    assert.ok(group?.startsWith(`mcp-warden-${process.pid}-`));
    assert.equal(readdirSync(path.join(parent, group!)), ['pids.max'], 'no memory cgroup here: RLIMIT_DATA only');
    assert.is(readFileSync(path.join(parent, group!, 'pids.max'), 'utf8'), '64');
    assert.equal(launch.args, ['-c', JOIN, 'mcp-warden', path.join(parent, group!), '--', prlimit, '--data=268435456:268435456', '/usr/bin/bwrap', '--', 'srv']);
    assert.is(limiter.describe, 'limits 64 processes (cgroup pids.max), 256 MiB of data per process');
    rmSync(path.join(parent, group!, 'pids.max'));
    launch.release!();
    assert.equal(readdirSync(parent), []);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

withPrlimit('as root with a memory cgroup: the memory of all the server\'s processes is capped there too; one group on v2, one per hierarchy on v1', () => {
  const unified = mkdtempSync(path.join(tmpdir(), 'warden-cgroup-'));
  const [pids, memory] = [mkdtempSync(path.join(tmpdir(), 'warden-pids-')), mkdtempSync(path.join(tmpdir(), 'warden-memory-'))];
  try {
    const limits = { processes: 64, memoryMiB: 256 };
    const v2 = resourceLimiter({ root: true, searchPath: '/usr/bin', limits, cgroupRoots: () => ({ pids: unified, memory: unified }) });
    const one = v2.limit('/usr/bin/bwrap', ['--', 'srv']);
    const [group] = readdirSync(unified);
    assert.equal(one.args.slice(2, 5), ['mcp-warden', path.join(unified, group!), '--']);
    assert.equal(readdirSync(path.join(unified, group!)).sort(), ['memory.max', 'pids.max']);
    assert.is(readFileSync(path.join(unified, group!, 'memory.max'), 'utf8'), '268435456');
    assert.is(v2.describe, 'limits 64 processes (cgroup pids.max), 256 MiB of data per process and 256 MiB of memory in all (cgroup)');
    const v1 = resourceLimiter({ root: true, searchPath: '/usr/bin', limits, cgroupRoots: () => ({ pids, memory }) }).limit('/usr/bin/bwrap', ['--', 'srv']);
    const joined = v1.args.slice(3, v1.args.indexOf('--'));
    assert.equal(joined.map((g) => path.dirname(g)), [pids, memory]);
    assert.is(readFileSync(path.join(joined[1]!, 'memory.max'), 'utf8'), '268435456');
    const memoryOnly = resourceLimiter({ root: true, searchPath: '/usr/bin', limits: { processes: 0, memoryMiB: 256 }, cgroupRoots: () => ({ memory }) });
    assert.is(memoryOnly.limit('bwrap', []).args.filter((arg) => arg.startsWith(memory)).length, 1, 'a memory group without a process limit');
  } finally {
    for (const dir of [unified, pids, memory]) rmSync(dir, { recursive: true, force: true });
  }
});

withPrlimit('as root without a writable pids cgroup, a process limit the operator set refuses to start; the default one is left out, with a note', () => {
  assert.throws(() => resourceLimiter({ root: true, searchPath: '/usr/bin', limits: { processes: 1024 }, cgroupRoots: () => ({}) }), /as root, where RLIMIT_NPROC does not apply, and no writable cgroup/);
  const limiter = resourceLimiter({ root: true, searchPath: '/usr/bin', cgroupRoots: () => ({}) });
  assert.equal(limiter.limit('bwrap', ['x']), { command: prlimit, args: ['--data=4294967296:4294967296', 'bwrap', 'x'] });
  assert.is(limiter.describe, 'limits no process limit, 4096 MiB of data per process');
  assert.match(limiter.notes.join('\n'), /no writable cgroup with the pids controller was found: the server runs without the default process limit/);
});

test('without prlimit, a limit the operator set refuses to start; the defaults are left out, with a note', () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'warden-nobin-'));
  try {
    assert.throws(() => resourceLimiter({ root: false, searchPath: empty, limits: { processes: 0, memoryMiB: 512 } }), /prlimit \(util-linux\) is not installed/);
    const limiter = resourceLimiter({ root: false, searchPath: empty, limits: { processes: 0 } });
    assert.equal(limiter.limit('bwrap', ['x']), { command: 'bwrap', args: ['x'] });
    assert.match(limiter.notes.join('\n'), /prlimit \(util-linux\) is not installed .*: the server runs without the default process and memory limits/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test.run();
