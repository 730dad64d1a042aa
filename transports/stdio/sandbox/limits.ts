/**
 * Process and memory limits for a server under bubblewrap, so a fork bomb or an allocation loop
 * stays inside the sandbox instead of taking the host down. Set with setrlimit semantics by
 * util-linux `prlimit` (from the system's directories) around bwrap: `RLIMIT_DATA` for memory
 * (heap and private writable mappings, per process: Node's and WebAssembly's large reservations
 * of address space are not counted, so servers keep working), `RLIMIT_NPROC` for processes and
 * threads. Bubblewrap then drops every capability, so the server cannot raise them again.
 * The kernel counts `RLIMIT_NPROC` against every process of the user, so an ordinary user's limit
 * is what the user runs at the launch plus `processes`. It does not apply it to root at all, so a
 * root warden puts each server in a cgroup of its own with `pids.max` instead (cgroups.ts), and
 * where it can, caps the memory of all the server's processes there too: `RLIMIT_DATA` alone lets
 * a server that forks hold `processes` times it.
 *
 * A limit the operator set that cannot be applied refuses the start. The defaults are a
 * safeguard nobody asked for: where one cannot be applied (no `prlimit`, root without a writable
 * pids cgroup) the server runs without it, said in a note and in the confinement line.
 */
import { readdirSync } from 'node:fs';
import { cgroupRoots, launchGroups, readOr, removeStaleGroups, type CgroupRoots } from './cgroups.js';
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
  cgroupRoots?: () => CgroupRoots;
  /** Processes and threads the user already runs (RLIMIT_NPROC counts them too); injected by tests. */
  userTasks?: () => number;
}

const OFF = 'set sandbox.limits.processes and memory_mib to 0 to run without';
/** The confinement line's words for a server run without limits. */
export const NO_LIMITS = 'no process or memory limit';

/**
 * Neither limit can be applied here (`why`): throws when the operator set one, saying what would
 * let it apply (`remedy`); else returns the note that the server runs without the defaults.
 */
export function unavailableLimits(set: Partial<ResourceLimits> | undefined, why: string, remedy: string): string {
  if ((set?.processes ?? 0) > 0 || (set?.memoryMiB ?? 0) > 0) throw new Error(`sandbox limits: ${why}; ${remedy}, or ${OFF}`);
  return `sandbox limits: ${why}: the server runs without the default process and memory limits`;
}
/** Joins each group named before `--`, then becomes the rest: everything the server starts is counted there. */
const JOIN_GROUPS = 'while [ "$1" != -- ]; do echo $$ > "$1/cgroup.procs" || exit 125; shift; done; shift; exec "$@"';

/** Throws when a limit the operator set cannot be applied here. */
export function resourceLimiter(request: LimiterRequest): Limiter {
  const limits = { ...DEFAULT_RESOURCE_LIMITS, ...request.limits };
  const set = { processes: request.limits?.processes !== undefined, memoryMiB: request.limits?.memoryMiB !== undefined };
  const notes: string[] = [];
  const unlimited = (): Limiter => ({ describe: NO_LIMITS, notes, limit: (command, args) => ({ command, args: [...args] }) });
  if (limits.processes === 0 && limits.memoryMiB === 0) return unlimited();
  const prlimit = resolveExecutable('prlimit', request.searchPath ?? SYSTEM_SEARCH_PATH, '/');
  if (prlimit === undefined) {
    notes.push(unavailableLimits(request.limits, `prlimit (util-linux) is not installed in ${request.searchPath ?? SYSTEM_SEARCH_PATH}`, 'install it'));
    return unlimited();
  }
  const roots = request.root ? (request.cgroupRoots ?? cgroupRoots)() : {};
  if (request.root && limits.processes > 0 && roots.pids === undefined) {
    const why = 'warden runs as root, where RLIMIT_NPROC does not apply, and no writable cgroup with the pids controller was found';
    if (set.processes) throw new Error(`sandbox limits: ${why} to limit the server's processes; run warden as an ordinary user, or ${OFF}`);
    notes.push(`sandbox limits: ${why}: the server runs without the default process limit`);
    limits.processes = 0;
  }
  const grouped: CgroupRoots = {
    ...(limits.processes > 0 && roots.pids !== undefined ? { pids: roots.pids } : {}),
    ...(limits.memoryMiB > 0 && roots.memory !== undefined ? { memory: roots.memory } : {}),
  };
  const groupRoots = [...new Set(Object.values(grouped))];
  groupRoots.forEach(removeStaleGroups);
  const sh = resolveExecutable('sh', SYSTEM_SEARCH_PATH, '/') ?? '/bin/sh';
  const bytes = limits.memoryMiB * 1024 * 1024;
  const memory = limits.memoryMiB > 0 ? [`--data=${bytes}:${bytes}`] : [];
  const nproc = (): string[] => {
    if (limits.processes === 0 || grouped.pids !== undefined) return [];
    const allowed = (request.userTasks ?? userTasks)() + limits.processes;
    return [`--nproc=${allowed}:${allowed}`];
  };
  const describe = [
    limits.processes > 0 ? `${limits.processes} processes${grouped.pids === undefined ? '' : ' (cgroup pids.max)'}` : 'no process limit',
    limits.memoryMiB > 0 ? `${limits.memoryMiB} MiB of data per process${grouped.memory === undefined ? '' : ` and ${limits.memoryMiB} MiB of memory in all (cgroup)`}` : 'no memory limit',
  ].join(', ');
  return {
    describe: `limits ${describe}`,
    notes,
    limit: (command, args) => {
      const limited = [prlimit, ...memory, ...nproc(), command, ...args];
      if (groupRoots.length === 0) return { command: limited[0]!, args: limited.slice(1) };
      const { groups, release } = launchGroups(grouped, { processes: limits.processes, memoryBytes: bytes });
      return { command: sh, args: ['-c', JOIN_GROUPS, 'mcp-warden', ...groups, '--', ...limited], release };
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
