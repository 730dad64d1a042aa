/**
 * The container engines' counterpart of seccomp.ts: a seccomp profile (the engines' JSON
 * format) that refuses the setuid and setgid bits, for a root warden whose containerised server
 * is uid 0 and owns what it creates in a writable grant. It is the engine's own default profile
 * (containers-common's seccomp.json, which podman applies and docker's matches) with the calls
 * that set a mode allowed only without those bits: the rest falls to the profile's default
 * action (an error). openat2, whose mode a filter cannot see, is left to that default too
 * (ENOSYS in the shipped profile: libc and Node fall back to openat).
 */
import { readFileSync } from 'node:fs';

interface Arg {
  index: number;
  value: number;
  valueTwo: number;
  op: string;
}

interface SyscallRule {
  names: string[];
  action: string;
  args?: Arg[] | null;
  [other: string]: unknown;
}

export interface SeccompProfile {
  defaultAction: string;
  syscalls: SyscallRule[];
  [other: string]: unknown;
}

/** Where the engines' default profile is installed (containers-common). */
export const DEFAULT_PROFILE_PATHS = ['/etc/containers/seccomp.json', '/usr/share/containers/seccomp.json'];

const S_ISUID_ISGID = 0o6000;
/** O_CREAT and __O_TMPFILE, the same on x86_64 and arm64. */
const CREATES = 0o100 | 0o20000000;

/** Index of the mode argument; `flags`: the argument that says whether the call creates. */
const MODE_CALLS: Readonly<Record<string, { mode: number; flags?: number }>> = {
  chmod: { mode: 1 }, fchmod: { mode: 1 }, fchmodat: { mode: 2 }, fchmodat2: { mode: 2 },
  creat: { mode: 1 }, open: { flags: 1, mode: 2 }, openat: { flags: 2, mode: 3 },
  mkdir: { mode: 1 }, mkdirat: { mode: 2 }, mknod: { mode: 1 }, mknodat: { mode: 2 },
};
const UNSEEABLE = ['openat2', 'io_uring_setup'];

/** Throws for a profile whose default allows: removing a call from its allow list would then refuse nothing. */
export function setIdRefusingProfile(base: SeccompProfile): SeccompProfile {
  if (base.defaultAction === 'SCMP_ACT_ALLOW' || base.defaultAction === 'SCMP_ACT_LOG') {
    throw new Error(`the default seccomp profile allows what it does not name (${base.defaultAction})`);
  }
  const restricted = new Set([...Object.keys(MODE_CALLS), ...UNSEEABLE]);
  const syscalls = base.syscalls
    .map((rule) => (isAllow(rule) ? { ...rule, names: rule.names.filter((n) => !restricted.has(n)) } : rule))
    .filter((rule) => rule.names.length > 0);
  for (const [name, { mode, flags }] of Object.entries(MODE_CALLS)) {
    if (!base.syscalls.some((rule) => isAllow(rule) && rule.names.includes(name))) continue;
    syscalls.push({ names: [name], action: 'SCMP_ACT_ALLOW', args: [masked(mode, S_ISUID_ISGID, 0)] });
    if (flags !== undefined) syscalls.push({ names: [name], action: 'SCMP_ACT_ALLOW', args: [masked(flags, CREATES, 0)] });
  }
  return { ...base, syscalls };
}

/** The installed default profile, or undefined when there is none. */
export function installedProfile(paths: readonly string[] = DEFAULT_PROFILE_PATHS): SeccompProfile | undefined {
  for (const file of paths) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as SeccompProfile;
    } catch {
      // Absent or unreadable: try the next.
    }
  }
  return undefined;
}

/** Unconditional allows only: a rule with arguments or capability conditions is left as it is. */
function isAllow(rule: SyscallRule): boolean {
  const includes = rule.includes as Record<string, unknown> | undefined;
  const excludes = rule.excludes as Record<string, unknown> | undefined;
  return rule.action === 'SCMP_ACT_ALLOW' && (rule.args ?? []).length === 0
    && Object.keys(includes ?? {}).length === 0 && Object.keys(excludes ?? {}).length === 0;
}

function masked(index: number, mask: number, value: number): Arg {
  return { index, value: mask, valueTwo: value, op: 'SCMP_CMP_MASKED_EQ' };
}
