/**
 * The bubblewrap command line for one server: a fresh root with a read-only system, private
 * /tmp and HOME, no view of warden's processes, the granted paths, and warden's secrets covered.
 * Pure: every path arrives resolved (mount-plan.ts), so this is easy to test exhaustively.
 */
import { PROC_READ_ONLY, type ProcMasks } from './proc-cover.js';

export interface Mount {
  path: string;
  access: 'read' | 'write';
}

/** What every confinement (bubblewrap or a container engine) is told about one server. */
export interface ConfinementPlan {
  /** Absolute path of the program to run inside (resolved through PATH beforehand). */
  command: string;
  args: readonly string[];
  /** System paths bound read-only (bwrap: when they exist, `-try`). */
  system: readonly string[];
  /** Granted paths, parents before children so a child's access wins. */
  mounts: readonly Mount[];
  /** Directories and files covered so the server sees them empty (how: each builder says). */
  hiddenDirs: readonly string[];
  hiddenFiles: readonly string[];
  network: boolean;
  /** The server's private HOME (an empty tmpfs). */
  home: string;
  /** Working directory inside; must be HOME or within a mount. */
  cwd: string;
}

/** bwrap covers hidden directories with an empty read-only tmpfs and hidden files with /dev/null. */
export interface BwrapPlan extends ConfinementPlan {
  /** Drop every capability: bwrap run as root keeps them otherwise. */
  dropCapabilities: boolean;
  /** The parts of /proc covered (proc-cover.ts); the kernel's writable ones are read-only whatever these say. */
  procMasks: ProcMasks;
  /** The descriptor bwrap reads a seccomp filter from (seccomp.ts), when there is one. */
  seccompFd?: number;
  /** No user namespaces inside (bwrap 0.8.0 and later): `unshare -U` regains capabilities in one. */
  disableUserns?: boolean;
}

export function bwrapArgs(plan: BwrapPlan): string[] {
  return [...bwrapOptions(plan), '--', plan.command, ...plan.args];
}

/** bwrap's command line and what it reads from descriptor `fd` for it. */
export interface HiddenOptions {
  args: string[];
  input: Uint8Array;
}

/**
 * bwrap's options passed through a descriptor (`--args FD`, NUL-separated) rather than its
 * command line. bwrap is pid 1 of the sandbox's PID namespace, so the server could read its
 * arguments in /proc/1/cmdline, and so could every user on the host in `ps`: they list every
 * covered path (warden's journal, home and key) and the host's layout. Only the server's own
 * command line stays there: bwrap takes the command from its arguments, never from the
 * descriptor.
 */
export function withHiddenOptions(plan: BwrapPlan, fd: number): HiddenOptions {
  const options = bwrapOptions(plan);
  // Paths cannot hold NUL (mount-plan.ts leaves such arguments out): one here would split an option.
  if (options.some((option) => option.includes('\0'))) throw new Error('sandbox: a bubblewrap option contains a NUL character');
  return {
    args: ['--args', String(fd), '--', plan.command, ...plan.args],
    input: Buffer.from(options.map((option) => `${option}\0`).join(''), 'utf8'),
  };
}

function bwrapOptions(plan: BwrapPlan): string[] {
  const args = [
    '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try',
    ...(plan.network ? [] : ['--unshare-net']),
    // --disable-userns works by limiting the sandbox's own user namespace, so it needs one.
    ...(plan.disableUserns === true ? ['--unshare-user', '--disable-userns'] : []),
    '--die-with-parent', '--new-session',
    ...(plan.dropCapabilities ? ['--cap-drop', 'ALL'] : []),
    ...(plan.seccompFd === undefined ? [] : ['--seccomp', String(plan.seccompFd)]),
    '--proc', '/proc', '--dev', '/dev',
  ];
  for (const path of PROC_READ_ONLY) args.push('--ro-bind-try', path, path);
  for (const file of plan.procMasks.files) args.push('--ro-bind', '/dev/null', file);
  for (const dir of plan.procMasks.dirs) args.push('--tmpfs', dir, '--remount-ro', dir);
  for (const dir of plan.system) args.push('--ro-bind-try', dir, dir);
  args.push('--tmpfs', '/tmp', '--tmpfs', plan.home);
  for (const mount of plan.mounts) args.push(mount.access === 'write' ? '--bind' : '--ro-bind', mount.path, mount.path);
  // Last, so they cover whatever a grant above them exposed.
  for (const dir of plan.hiddenDirs) args.push('--tmpfs', dir, '--remount-ro', dir);
  for (const file of plan.hiddenFiles) args.push('--ro-bind', '/dev/null', file);
  args.push('--setenv', 'HOME', plan.home, '--setenv', 'TMPDIR', '/tmp', '--chdir', plan.cwd);
  return args;
}
