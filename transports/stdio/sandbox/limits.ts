/**
 * Process and memory limits for a server under bubblewrap, so a fork bomb or an allocation loop
 * stays inside the sandbox instead of taking the host down. Set with setrlimit semantics by
 * util-linux `prlimit` (from the system's directories) around bwrap: `RLIMIT_DATA` for memory
 * (heap and private writable mappings, per process: Node's and WebAssembly's large reservations
 * of address space are not counted, so servers keep working), `RLIMIT_NPROC` for processes and
 * threads. Bubblewrap then drops every capability, so the server cannot raise them again.
 * The kernel counts `RLIMIT_NPROC` against every process of the user, so an ordinary user's limit
 * is what the user runs at the launch plus `processes`. It does not apply it to root at all, so a
 * root warden puts each server in a cgroup of its own with `pids.max` instead.
 *
 * A limit the operator set that cannot be applied refuses the start. The defaults are a
 * safeguard nobody asked for: where one cannot be applied (no `prlimit`, root without a writable
 * pids cgroup) the server runs without it, said in a note and in the confinement line.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '../../../engine/journal/lock.js';
import { resolveExecutable, SYSTEM_SEARCH_PATH } from './paths.js';
import type { ResourceLimits } from './policy.js';

export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = { processes: 1024, memoryMiB: 4096 };

/** A command line with the limits applied around it; `release` undoes what the launch set up. */
export interface LimitedCommand {
  command: string;
  args: string[];
  release?: () => void;
}

export interface Limiter {
  /** What the operator reads at startup, e.g. `limits 1024 processes, 4096 MiB per process`. */
  describe: string;
  /** Default limits that could not be applied here, and why. */
  notes: string[];
  limit: (command: string, args: readonly string[]) => LimitedCommand;
}

export interface LimiterRequest {
  limits?: Partial<ResourceLimits>;
  root: boolean;
  /** Injected by tests. */
  searchPath?: string;
  cgroupRoot?: () => string | undefined;
  /** Processes and threads the user already runs (RLIMIT_NPROC counts them too); injected by tests. */
  userTasks?: () => number;
}

const OFF = 'set sandbox.limits.processes and memory_mib to 0 to run without';

/** Throws when a limit the operator set cannot be applied here. */
export function resourceLimiter(request: LimiterRequest): Limiter {
  const limits = { ...DEFAULT_RESOURCE_LIMITS, ...request.limits };
  const set = { processes: request.limits?.processes !== undefined, memoryMiB: request.limits?.memoryMiB !== undefined };
  const notes: string[] = [];
  const unlimited = (): Limiter => ({ describe: 'no process or memory limit', notes, limit: (command, args) => ({ command, args: [...args] }) });
  if (limits.processes === 0 && limits.memoryMiB === 0) return unlimited();
  const prlimit = resolveExecutable('prlimit', request.searchPath ?? SYSTEM_SEARCH_PATH, '/');
  if (prlimit === undefined) {
    const missing = `prlimit (util-linux) is not installed in ${request.searchPath ?? SYSTEM_SEARCH_PATH}`;
    if ((set.processes && limits.processes > 0) || (set.memoryMiB && limits.memoryMiB > 0)) throw new Error(`sandbox limits: ${missing}; install it, or ${OFF}`);
    notes.push(`sandbox limits: ${missing}: the server runs without the default process and memory limits`);
    return unlimited();
  }
  const cgroups = request.root && limits.processes > 0 ? (request.cgroupRoot ?? pidsCgroup)() : undefined;
  if (request.root && limits.processes > 0 && cgroups === undefined) {
    const why = 'warden runs as root, where RLIMIT_NPROC does not apply, and no writable cgroup with the pids controller was found';
    if (set.processes) throw new Error(`sandbox limits: ${why} to limit the server's processes; run warden as an ordinary user, or ${OFF}`);
    notes.push(`sandbox limits: ${why}: the server runs without the default process limit`);
    limits.processes = 0;
  }
  if (cgroups !== undefined) removeStaleGroups(cgroups);
  const sh = cgroups === undefined ? undefined : (resolveExecutable('sh', SYSTEM_SEARCH_PATH, '/') ?? '/bin/sh');
  const memory = limits.memoryMiB > 0 ? [`--data=${limits.memoryMiB * 1024 * 1024}:${limits.memoryMiB * 1024 * 1024}`] : [];
  const nproc = (): string[] => {
    if (limits.processes === 0 || cgroups !== undefined) return [];
    const allowed = (request.userTasks ?? userTasks)() + limits.processes;
    return [`--nproc=${allowed}:${allowed}`];
  };
  const describe = [
    limits.processes > 0 ? `${limits.processes} processes${cgroups === undefined ? '' : ' (cgroup pids.max)'}` : 'no process limit',
    limits.memoryMiB > 0 ? `${limits.memoryMiB} MiB of data per process` : 'no memory limit',
  ].join(', ');
  return {
    describe: `limits ${describe}`,
    notes,
    limit: (command, args) => {
      const limited = [prlimit, ...memory, ...nproc(), command, ...args];
      if (cgroups === undefined || sh === undefined) return { command: limited[0]!, args: limited.slice(1) };
      const group = newGroup(cgroups, limits.processes);
      // The shell joins the group, then becomes prlimit: everything the server starts is counted there.
      return { command: sh, args: ['-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', group, ...limited], release: () => removeGroup(group) };
    },
  };
}

/**
 * Processes and threads whose real user is warden's, as RLIMIT_NPROC counts them: read from
 * /proc at each launch, so the server may start `processes` more than the user already runs.
 */
export function userTasks(): number {
  const uid = String(process.getuid?.() ?? 0);
  let tasks = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    const status = readOr(`/proc/${pid}/status`);
    if (/^Uid:\s+(\d+)/m.exec(status)?.[1] === uid) tasks += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
  }
  return tasks;
}

function newGroup(parent: string, processes: number): string {
  const group = path.join(parent, `mcp-warden-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(group);
  writeFileSync(path.join(group, 'pids.max'), String(processes));
  return group;
}

function removeGroup(group: string): void {
  try {
    rmdirSync(group);
  } catch {
    // Still busy (a process exiting): the kernel drops an empty cgroup's dir only by rmdir, so try once more later.
    setTimeout(() => {
      try {
        rmdirSync(group);
      } catch {
        // Left for the operator: a stale empty cgroup costs nothing.
      }
    }, 1000).unref();
  }
}

/**
 * The groups of wardens that have exited: a warden that exits with its session does not wait
 * for its server's group to empty, so the next one to start removes it. An empty group's
 * directory goes with rmdir; a busy one stays.
 */
function removeStaleGroups(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^mcp-warden-(\d+)-[0-9a-f]+$/.exec(name)?.[1];
    if (pid === undefined || isAlive(Number(pid))) continue;
    try {
      rmdirSync(path.join(parent, name));
    } catch {
      // Processes still in it, or removed by another warden meanwhile.
    }
  }
}

/**
 * Where warden may make cgroups with a pids limit: its own cgroup in the cgroup v1 pids
 * hierarchy, or in the v2 hierarchy when the pids controller is enabled for its children.
 */
export function pidsCgroup(): string | undefined {
  const own = readOr('/proc/self/cgroup');
  const mounts = readOr('/proc/self/mountinfo').split('\n').map((l) => l.split(' '));
  for (const line of own.split('\n')) {
    const [id, controllers, at] = line.split(':');
    if (at === undefined) continue;
    const v1 = controllers!.split(',').includes('pids');
    const mount = mounts.find((m) => {
      const fs = m[m.indexOf('-') + 1];
      return v1 ? fs === 'cgroup' && (m.at(-1) ?? '').split(',').includes('pids') : id === '0' && fs === 'cgroup2';
    });
    // A mount shows its hierarchy from mount[3] down; our cgroup is named from the hierarchy's root.
    if (mount === undefined || !at.startsWith(mount[3]!)) continue;
    const dir = path.join(mount[4]!, at.slice(mount[3]!.length));
    if (!v1 && !readOr(path.join(dir, 'cgroup.subtree_control')).split(/\s+/).includes('pids')) continue;
    if (writable(dir)) return dir;
  }
  return undefined;
}

function writable(dir: string): boolean {
  const probe = path.join(dir, `mcp-warden-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
