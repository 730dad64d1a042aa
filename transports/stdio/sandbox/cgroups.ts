/**
 * The cgroups a root warden puts each bubblewrapped server in (limits.ts): one per launch, below
 * warden's own cgroup of each controller's hierarchy, with `pids.max` and the memory limit. On a
 * cgroup v2 host both controllers are in the one unified hierarchy, so a launch has one group; on
 * v1 (or a hybrid host) the pids and memory hierarchies are mounted apart, and it has one in each.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '../../../engine/journal/lock.js';

export type Controller = 'pids' | 'memory';

/** Where warden may make groups for each controller: absent where it cannot. */
export type CgroupRoots = Partial<Record<Controller, string>>;

/** What one launch's groups hold: each 0 when not limited there. */
export interface GroupLimits {
  processes: number;
  memoryBytes: number;
}

export function cgroupRoots(): CgroupRoots {
  const pids = controllerCgroup('pids');
  const memory = controllerCgroup('memory');
  return { ...(pids === undefined ? {} : { pids }), ...(memory === undefined ? {} : { memory }) };
}

/**
 * Warden's own cgroup in the v1 hierarchy of `controller`, or in the v2 hierarchy when the
 * controller is enabled for its children; only if warden can make groups there.
 */
export function controllerCgroup(controller: Controller): string | undefined {
  const own = readOr('/proc/self/cgroup');
  const mounts = readOr('/proc/self/mountinfo').split('\n').map((l) => l.split(' '));
  for (const line of own.split('\n')) {
    const [id, controllers, at] = line.split(':');
    if (at === undefined) continue;
    const v1 = controllers!.split(',').includes(controller);
    const mount = mounts.find((m) => {
      const fs = m[m.indexOf('-') + 1];
      return v1 ? fs === 'cgroup' && (m.at(-1) ?? '').split(',').includes(controller) : id === '0' && fs === 'cgroup2';
    });
    // A mount shows its hierarchy from mount[3] down; our cgroup is named from the hierarchy's root.
    if (mount === undefined || !at.startsWith(mount[3]!)) continue;
    const dir = path.join(mount[4]!, at.slice(mount[3]!.length));
    if (!v1 && !readOr(path.join(dir, 'cgroup.subtree_control')).split(/\s+/).includes(controller)) continue;
    if (writable(dir)) return dir;
  }
  return undefined;
}

/**
 * One launch's groups, limits written, removed again by `release`. Throws (the launch fails)
 * when a limit cannot be written: a server must not run with less than it was promised.
 */
export function launchGroups(roots: CgroupRoots, limits: GroupLimits): { groups: string[]; release: () => void } {
  const name = `mcp-warden-${process.pid}-${randomBytes(4).toString('hex')}`;
  const wanted = new Map<string, Controller[]>();
  if (limits.processes > 0 && roots.pids !== undefined) wanted.set(roots.pids, ['pids']);
  if (limits.memoryBytes > 0 && roots.memory !== undefined) wanted.set(roots.memory, [...(wanted.get(roots.memory) ?? []), 'memory']);
  const groups: string[] = [];
  const release = (): void => groups.forEach(removeGroup);
  try {
    for (const [root, controllers] of wanted) {
      const group = path.join(root, name);
      mkdirSync(group);
      groups.push(group);
      if (controllers.includes('pids')) writeFileSync(path.join(group, 'pids.max'), String(limits.processes));
      if (controllers.includes('memory')) limitMemory(group, limits.memoryBytes);
    }
  } catch (error) {
    release();
    throw new Error(`sandbox limits: cannot set up the server's cgroup: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { groups, release };
}

/**
 * v2: memory.max, and no swap (memory.swap.max), or the group could hold as much again in swap.
 * v1: memory.limit_in_bytes, then memory.memsw.limit_in_bytes (memory and swap together, never
 * below the first) where swap is accounted.
 */
function limitMemory(group: string, bytes: number): void {
  const file = (name: string): string => path.join(group, name);
  if (existsSync(file('memory.limit_in_bytes'))) {
    writeFileSync(file('memory.limit_in_bytes'), String(bytes));
    if (existsSync(file('memory.memsw.limit_in_bytes'))) writeFileSync(file('memory.memsw.limit_in_bytes'), String(bytes));
    return;
  }
  writeFileSync(file('memory.max'), String(bytes));
  if (existsSync(file('memory.swap.max'))) writeFileSync(file('memory.swap.max'), '0');
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
export function removeStaleGroups(parent: string): void {
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

export function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
