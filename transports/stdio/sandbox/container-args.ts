/**
 * The `podman run` / `docker run` command line for one server: the same confinement as the
 * bubblewrap one (bwrap.ts) in a container's terms. Read-only root, private /tmp and HOME, no
 * capabilities, own PID namespace (a container's default), no network unless granted, the
 * granted paths at their host locations, and warden's secrets covered where a grant exposes
 * them. /tmp and HOME are tmpfs mounts, filled from the image where it has them. Both engines take these flags, so one builder serves both. Pure, like bwrapArgs.
 */
import type { ConfinementPlan } from './bwrap.js';
import type { ContainerEngine, ResourceLimits } from './policy.js';

/** What the container's root is: a local image, or (podman) a directory on the host. */
export type ContainerRoot = { kind: 'image'; image: string } | { kind: 'rootfs'; dir: string };

export interface ContainerPlan extends ConfinementPlan {
  engine: ContainerEngine;
  /** Unique per launch: how the container is found again to kill it (container-run.ts). */
  name: string;
  root: ContainerRoot;
  /**
   * Hidden paths are covered with `empty` or /dev/null, read-only. Not with a tmpfs: the engines
   * copy what lies beneath a tmpfs mount point into it (podman's tmpcopyup), which would copy
   * the secrets in.
   */
  empty: string;
  /**
   * Variables the server gets. Passed by name only: the engine reads each value from its own
   * environment, so secrets never appear on a command line other users can read.
   */
  envNames: readonly string[];
  /** Warden's own ids, so files written to a grant belong to warden's user. */
  user: { uid: number; gid: number };
  /** Rootless podman: map warden's user to the same id inside instead of to root. */
  keepId: boolean;
  /**
   * `sandbox.limits`, each 0 for none: processes and threads of the container together (a fork
   * bomb stays inside), and its memory in all (the container's cgroup, swap included). Absent:
   * no limit flags at all (container-limits.ts: an engine that cannot apply them).
   */
  limits?: ResourceLimits;
  /** A seccomp profile file refusing setuid and setgid bits (container-seccomp.ts): a root warden's. */
  seccompProfile?: string;
}

export function containerArgs(plan: ContainerPlan): string[] {
  const args = [
    'run', '--rm', '--interactive', '--init', '--name', plan.name,
    // Never fetch anything, and keep no copy of the MCP traffic in the engine's logs.
    '--pull', 'never', '--log-driver', 'none',
    ...(plan.network ? [] : ['--network', 'none']),
    '--read-only', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
    ...(plan.seccompProfile === undefined ? [] : ['--security-opt', `seccomp=${plan.seccompProfile}`]),
    ...(plan.limits === undefined ? [] : limitFlags(plan.limits)),
    '--user', `${plan.user.uid}:${plan.user.gid}`,
    ...(plan.keepId ? ['--userns', 'keep-id'] : []),
    '--tmpfs', '/tmp', '--tmpfs', plan.home,
  ];
  // The engines order mounts by depth of destination, so the covers land on top of the grants.
  for (const dir of plan.system) args.push('--volume', volume(dir, dir, 'ro'));
  for (const mount of plan.mounts) args.push('--volume', volume(mount.path, mount.path, mount.access === 'write' ? 'rw' : 'ro'));
  for (const dir of plan.hiddenDirs) args.push('--volume', volume(plan.empty, dir, 'ro'));
  for (const file of plan.hiddenFiles) args.push('--volume', volume('/dev/null', file, 'ro'));
  for (const name of plan.envNames) args.push('--env', name);
  args.push('--env', `HOME=${plan.home}`, '--env', 'TMPDIR=/tmp', '--workdir', plan.cwd);
  if (plan.root.kind === 'rootfs') args.push('--rootfs', plan.root.dir);
  else args.push(plan.root.image);
  // Everything after the image (or root directory) is the server's own command line.
  args.push(plan.command, ...plan.args);
  return args;
}

/**
 * 0 turns a limit off: -1 is the engines' "unlimited" for processes (left out, podman would apply
 * its own default of 2048); no `--memory` is unlimited. Swap is capped at the same total, or the
 * server could hold as much again in swap.
 */
function limitFlags(limits: ResourceLimits): string[] {
  const memory = limits.memoryMiB > 0 ? [`--memory=${limits.memoryMiB}m`, `--memory-swap=${limits.memoryMiB}m`] : [];
  return ['--pids-limit', String(limits.processes > 0 ? limits.processes : -1), ...memory];
}

function volume(source: string, target: string, access: 'ro' | 'rw'): string {
  return `${mountable(source)}:${mountable(target)}:${access}`;
}

/** `--volume` splits on ':' and has no escape: such a path cannot be mounted, so it is refused. */
function mountable(p: string): string {
  if (p.includes(':')) throw new Error(`sandbox: cannot mount ${p} into a container: the name contains ':'`);
  return p;
}
