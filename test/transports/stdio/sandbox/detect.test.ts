import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { probeBwrap } from '../../../../transports/stdio/sandbox/detect.js';

/** A directory for PATH holding a `bwrap` that records each run's arguments, then exits as told; `--help` prints `help`. */
function fakeBwrap(exit: number, stderr = '', help = '    --unshare-user               Create new user namespace'): { searchPath: string; runs: () => string[][]; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mcp-warden-fake-bwrap-'));
  const log = path.join(dir, 'runs.log');
  writeFileSync(path.join(dir, 'bwrap'), `#!/bin/sh\nif [ "$1" = --help ]; then echo '${help}'; exit 0; fi\necho "$*" >> '${log}'\n${stderr ? `echo '${stderr}' >&2\n` : ''}exit ${exit}\n`);
  chmodSync(path.join(dir, 'bwrap'), 0o755);
  return {
    // `true` is looked up on the same path; the system's is found after the fake directory.
    searchPath: `${dir}:/usr/bin:/bin`,
    runs: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split(' ')) : []),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

test('a working bwrap is probed once per search path, with the network off', () => {
  const fake = fakeBwrap(0);
  try {
    const first = probeBwrap(fake.searchPath);
    const bwrap = path.join(fake.searchPath.split(':')[0]!, 'bwrap');
    assert.equal(first, { usable: true, bwrap, note: `${bwrap} cannot disable user namespaces in the sandbox (--disable-userns: bubblewrap 0.8.0 or later, and a kernel that lets it): a server can create its own, a common first step of kernel exploits` });
    assert.equal(probeBwrap(fake.searchPath), first);
    const runs = fake.runs();
    assert.is(runs.length, 1, 'probed once');
    assert.ok(runs[0]!.includes('--unshare-net'), 'the stricter confinement, which implies the other');
    assert.not.ok(runs[0]!.includes('--disable-userns'), 'a bwrap whose help does not offer it is not given it');
  } finally {
    fake.remove();
  }
});

test('a bwrap that offers --disable-userns is probed with it, and it is used', () => {
  const fake = fakeBwrap(0, '', '    --disable-userns             Disable further use of user namespaces inside sandbox');
  try {
    const probe = probeBwrap(fake.searchPath);
    assert.equal(probe, { usable: true, bwrap: path.join(fake.searchPath.split(':')[0]!, 'bwrap'), disableUserns: true });
    const runs = fake.runs();
    assert.is(runs.length, 1);
    assert.ok(runs[0]!.includes('--disable-userns') && runs[0]!.includes('--unshare-user'), runs[0]!.join(' '));
  } finally {
    fake.remove();
  }
});

test('a bwrap that cannot create a sandbox is unusable, with what it said', () => {
  const fake = fakeBwrap(1, 'bwrap: No permissions to creating new namespace');
  try {
    const probe = probeBwrap(fake.searchPath);
    assert.is(probe.usable, false);
    assert.match(probe.usable ? '' : probe.reason, /cannot create a sandbox here: bwrap: No permissions to creating new namespace$/);
  } finally {
    fake.remove();
  }
});

test('no bwrap on the path: unusable, and how to install it', () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'mcp-warden-no-bwrap-'));
  try {
    const probe = probeBwrap(empty);
    assert.equal(probe, { usable: false, reason: `bwrap is not installed in ${empty} (Debian/Ubuntu: apt-get install bubblewrap)` });
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('by default bwrap is looked for in the system\'s directories: one a server planted in a PATH directory never runs', () => {
  const planted = fakeBwrap(0);
  const path_ = process.env.PATH;
  process.env.PATH = planted.searchPath;
  try {
    const probe = probeBwrap();
    assert.not.ok(probe.usable && probe.bwrap.startsWith(planted.searchPath.split(':')[0]!), JSON.stringify(probe));
    assert.equal(planted.runs(), [], 'the planted bwrap was not run');
  } finally {
    process.env.PATH = path_;
    planted.remove();
  }
});

test.run();
