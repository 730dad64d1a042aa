import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hasSetuidFilter, setuidFilter } from '../../../../transports/stdio/sandbox/seccomp.js';

const ALLOW = 0x7fff0000;
const EPERM = 0x00050001;
const ENOSYS = 0x00050026;
const KILL = 0x80000000;
const X64 = 0xc000003e;
const ARM64 = 0xc00000b7;
const I386 = 0x40000003;

/** Runs the classic BPF program as the kernel would on one call: the 32-bit words the filter loads, by offset. */
function decide(program: Uint8Array, arch: number, nr: number, args: readonly number[] = []): number {
  const view = Buffer.from(program);
  const word = (offset: number): number => (offset === 0 ? nr : offset === 4 ? arch : (args[(offset - 16) / 8] ?? 0) >>> 0);
  let a = 0;
  for (let pc = 0; pc * 8 < view.length; pc++) {
    const code = view.readUInt16LE(pc * 8);
    const jt = view.readUInt8(pc * 8 + 2);
    const jf = view.readUInt8(pc * 8 + 3);
    const k = view.readUInt32LE(pc * 8 + 4);
    if (code === 0x20) a = word(k);
    else if (code === 0x06) return k;
    else if (code === 0x15) pc += a === k ? jt : jf;
    else if (code === 0x35) pc += a >= k ? jt : jf;
    else if (code === 0x45) pc += (a & k) !== 0 ? jt : jf;
    else throw new Error(`unexpected instruction ${code}`);
  }
  throw new Error('ran off the end of the program');
}

const O_CREAT = 0o100;
const O_TMPFILE = 0o20200000;

const cases: Array<{ what: string; arch: 'x64' | 'arm64'; nr: number; args?: number[]; expect: number; audit?: number }> = [
  { what: 'x64 chmod 4755', arch: 'x64', nr: 90, args: [0, 0o4755], expect: EPERM },
  { what: 'x64 chmod 755', arch: 'x64', nr: 90, args: [0, 0o755], expect: ALLOW },
  { what: 'x64 fchmod 2755', arch: 'x64', nr: 91, args: [3, 0o2755], expect: EPERM },
  { what: 'x64 fchmodat 4700', arch: 'x64', nr: 268, args: [-100, 0, 0o4700], expect: EPERM },
  { what: 'x64 fchmodat2 6755', arch: 'x64', nr: 452, args: [-100, 0, 0o6755, 0], expect: EPERM },
  { what: 'x64 fchmodat 644', arch: 'x64', nr: 268, args: [-100, 0, 0o644], expect: ALLOW },
  { what: 'x64 creat 4755', arch: 'x64', nr: 85, args: [0, 0o4755], expect: EPERM },
  { what: 'x64 open O_CREAT 4755', arch: 'x64', nr: 2, args: [0, O_CREAT, 0o4755], expect: EPERM },
  { what: 'x64 open O_CREAT 644', arch: 'x64', nr: 2, args: [0, O_CREAT, 0o644], expect: ALLOW },
  { what: 'x64 open without O_CREAT: the mode is not read', arch: 'x64', nr: 2, args: [0, 0, 0o4755], expect: ALLOW },
  { what: 'x64 openat O_CREAT 4755', arch: 'x64', nr: 257, args: [-100, 0, O_CREAT, 0o4755], expect: EPERM },
  { what: 'x64 openat O_TMPFILE 2755', arch: 'x64', nr: 257, args: [-100, 0, O_TMPFILE, 0o2755], expect: EPERM },
  { what: 'x64 openat read-only', arch: 'x64', nr: 257, args: [-100, 0, 0, 0o4755], expect: ALLOW },
  { what: 'x64 mkdir 2755', arch: 'x64', nr: 83, args: [0, 0o2755], expect: EPERM },
  { what: 'x64 mkdirat 755', arch: 'x64', nr: 258, args: [-100, 0, 0o755], expect: ALLOW },
  { what: 'x64 mknod S_IFREG|4755', arch: 'x64', nr: 133, args: [0, 0o104755, 0], expect: EPERM },
  { what: 'x64 mknodat S_IFREG|4755', arch: 'x64', nr: 259, args: [-100, 0, 0o104755, 0], expect: EPERM },
  { what: 'x64 openat2', arch: 'x64', nr: 437, expect: ENOSYS },
  { what: 'x64 io_uring_setup', arch: 'x64', nr: 425, expect: ENOSYS },
  { what: 'x64 read', arch: 'x64', nr: 0, args: [0, 0, 0o4755], expect: ALLOW },
  { what: 'x64 x32 chmod', arch: 'x64', nr: 0x40000000 + 90, args: [0, 0o4755], expect: KILL },
  { what: 'x64 filter, i386 task', arch: 'x64', nr: 15, args: [0, 0o4755], expect: KILL, audit: I386 },
  { what: 'arm64 fchmodat 4755', arch: 'arm64', nr: 53, args: [-100, 0, 0o4755], expect: EPERM },
  { what: 'arm64 fchmod 2755', arch: 'arm64', nr: 52, args: [3, 0o2755], expect: EPERM },
  { what: 'arm64 openat O_CREAT 4755', arch: 'arm64', nr: 56, args: [-100, 0, O_CREAT, 0o4755], expect: EPERM },
  { what: 'arm64 openat read-only', arch: 'arm64', nr: 56, args: [-100, 0, 0, 0o4755], expect: ALLOW },
  { what: 'arm64 mkdirat 2755', arch: 'arm64', nr: 34, args: [-100, 0, 0o2755], expect: EPERM },
  { what: 'arm64 mknodat 4755', arch: 'arm64', nr: 33, args: [-100, 0, 0o104755, 0], expect: EPERM },
  { what: 'arm64 io_uring_setup', arch: 'arm64', nr: 425, expect: ENOSYS },
  { what: 'arm64 write', arch: 'arm64', nr: 64, args: [1, 0, 0o4755], expect: ALLOW },
];

for (const c of cases) {
  test(`setuid filter: ${c.what}`, () => {
    const audit = c.audit ?? (c.arch === 'x64' ? X64 : ARM64);
    assert.is(decide(setuidFilter(c.arch), audit, c.nr, c.args), c.expect);
  });
}

test('only the architectures it knows have a filter', () => {
  assert.ok(hasSetuidFilter('x64') && hasSetuidFilter('arm64'));
  assert.not.ok(hasSetuidFilter('ppc64'));
  assert.throws(() => setuidFilter('ppc64'), /no setuid filter for the ppc64 architecture/);
});

test.run();
