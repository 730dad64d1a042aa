import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { installedProfile, setIdRefusingProfile, type SeccompProfile } from '../../../../transports/stdio/sandbox/container-seccomp.js';

const BASE: SeccompProfile = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 38,
  syscalls: [
    { names: ['chmod', 'openat', 'openat2', 'read'], action: 'SCMP_ACT_ALLOW', args: [], includes: {}, excludes: {} },
    { names: ['mkdir'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
    { names: ['ptrace'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
  ],
};

test('set-id modes fall to the default action: the mode calls are allowed only without S_ISUID and S_ISGID', () => {
  const profile = setIdRefusingProfile(BASE);
  assert.is(profile.defaultErrnoRet, 38);
  assert.equal(profile.syscalls, [
    { names: ['read'], action: 'SCMP_ACT_ALLOW', args: [], includes: {}, excludes: {} },
    { names: ['mkdir'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
    { names: ['ptrace'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
    { names: ['chmod'], action: 'SCMP_ACT_ALLOW', args: [{ index: 1, value: 0o6000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] },
    // openat: allowed when it does not create (no O_CREAT, no O_TMPFILE), or creates without the bits.
    { names: ['openat'], action: 'SCMP_ACT_ALLOW', args: [{ index: 3, value: 0o6000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] },
    { names: ['openat'], action: 'SCMP_ACT_ALLOW', args: [{ index: 2, value: 0o20000100, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] },
  ]);
});

test('a profile that allows by default cannot be made to refuse by leaving calls out', () => {
  assert.throws(() => setIdRefusingProfile({ ...BASE, defaultAction: 'SCMP_ACT_ALLOW' }), /allows what it does not name/);
});

test('the installed default profile is the first readable one', () => {
  assert.is(installedProfile(['/nonexistent/seccomp.json']), undefined);
});

test.run();
