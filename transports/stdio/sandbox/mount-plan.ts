/**
 * Which paths a sandboxed server sees. The operator's grants, plus implicit ones so a plain
 * `warden run -- node server.js DIR` works: the program's and each script's project read-only,
 * each directory named on the command line read-write (MCP servers take the directories they
 * serve as arguments). Warden's own secrets are covered even inside a grant; a grant inside
 * them is refused. Warden's own inputs (its policy, data, config and the files its listeners
 * trust) stay read-only: a server that could write them would rewrite its own firewall.
 * docs/sandbox.md is the operator's version of this.
 */
import { homedir } from 'node:os';
import path from 'node:path';
import type { Mount } from './bwrap.js';
import { isDirectory, isWithin, projectRoot, realPath } from './paths.js';
import type { SandboxPolicy } from './policy.js';

/** Read-only system: programs, libraries, and the few /etc files a runtime needs (not /etc/shadow). */
export const SYSTEM_PATHS: readonly string[] = [
  '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32',
  '/etc/alternatives', '/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/ssl', '/etc/ca-certificates',
  '/etc/pki', '/etc/resolv.conf', '/etc/hosts', '/etc/host.conf', '/etc/nsswitch.conf', '/etc/gai.conf',
  '/etc/services', '/etc/protocols', '/etc/passwd', '/etc/group', '/etc/localtime', '/etc/timezone', '/etc/os-release',
];

export const SANDBOX_HOME = '/home/sandbox';

export interface GrantPlan {
  mounts: Mount[];
  hiddenDirs: string[];
  hiddenFiles: string[];
  /** Implicit grants left out because they would expose too much; for the operator's log. */
  notes: string[];
}

export interface GrantRequest {
  policy: Pick<SandboxPolicy, 'read' | 'write'>;
  /** The resolved program; its project is granted unless the system mounts cover it. */
  program?: string;
  args: readonly string[];
  cwd: string;
  /** Warden's home, journal directory and signing key: never visible to a server. */
  protect: readonly string[];
  /** What warden reads and trusts (policy, data, config): read-only wherever a grant exposes it. */
  keepReadOnly?: readonly string[];
}

/** Throws when a grant does not exist or lies inside a protected path. */
export function planGrants(request: GrantRequest): GrantPlan {
  const notes: string[] = [];
  const protect = resolved(request.protect, request.cwd);
  const granted = [...explicit(request.policy.read, 'read', request.cwd), ...explicit(request.policy.write, 'write', request.cwd)];
  for (const mount of granted) {
    const inside = protect.find((p) => isWithin(mount.path, p));
    if (inside !== undefined) throw new Error(`sandbox: cannot grant ${mount.path}: it is inside ${inside}, which warden keeps from servers`);
  }
  const implicit = [
    ...(request.program === undefined ? [] : programGrant(request.program, notes)),
    ...request.args.flatMap((arg) => argumentGrant(arg, request.cwd, notes)),
  ];
  // An explicit grant of the same path wins over the implicit one: `--sandbox-read DIR` makes a
  // directory argument read-only.
  const overridden = (mount: Mount): boolean => granted.some((g) => g.path === mount.path);
  const mounts = [...granted, ...withoutProtected(implicit, protect, notes).filter((m) => !overridden(m))];
  const exposed = (p: string): boolean => [...mounts.map((m) => m.path), ...SYSTEM_PATHS].some((m) => isWithin(p, m));
  // A path under another hidden one is covered already (and has nowhere to be mounted).
  const hidden = protect.filter(exposed).filter((p, _, all) => !all.some((q) => q !== p && isWithin(p, q)));
  const keep = resolved(request.keepReadOnly ?? [], request.cwd);
  const planned = readOnlyWhereKept(merge(mounts), keep, notes);
  return {
    mounts: pinAncestors(planned, [...keep, ...hidden]),
    hiddenDirs: hidden.filter((p) => isDirectory(p)),
    hiddenFiles: hidden.filter((p) => !isDirectory(p)),
    notes,
  };
}

function programGrant(program: string, notes: string[]): Mount[] {
  if (SYSTEM_PATHS.some((system) => isWithin(program, system))) return [];
  return safe({ path: projectRoot(program), access: 'read' }, path.dirname(program), notes);
}

/** An implicit grant never reaches into warden's secrets: it is left out (explicit ones are refused). */
function withoutProtected(mounts: readonly Mount[], protect: readonly string[], notes: string[]): Mount[] {
  return mounts.filter((mount) => {
    const inside = protect.find((p) => isWithin(mount.path, p));
    if (inside !== undefined) notes.push(`not granting ${mount.path}: it is inside ${inside}, which warden keeps from servers`);
    return inside === undefined;
  });
}

function explicit(paths: readonly string[], access: Mount['access'], cwd: string): Mount[] {
  return paths.map((p) => {
    const real = realPath(path.resolve(cwd, p));
    if (real === undefined) throw new Error(`sandbox: the granted path ${p} does not exist`);
    return { path: real, access };
  });
}

/** Only arguments that look like paths (a slash) and exist: `stdio` or `--port` never mount anything. */
function argumentGrant(arg: string, cwd: string, notes: string[]): Mount[] {
  if (!arg.includes('/') || arg.includes('\0') || arg.length > 4096) return [];
  const real = realPath(path.resolve(cwd, arg));
  if (real === undefined) return [];
  if (isDirectory(real)) return safe({ path: real, access: 'write' }, undefined, notes);
  return safe({ path: projectRoot(real), access: 'read' }, path.dirname(real), notes);
}

/**
 * An implicit grant of /, the user's home or a parent of it would hand over ~/.ssh and the
 * like: fall back to the narrower directory, or leave it out. Explicit grants are the
 * operator's call and are never second-guessed here.
 */
function safe(mount: Mount, fallback: string | undefined, notes: string[]): Mount[] {
  const home = realPath(homedir()) ?? homedir();
  const tooWide = (p: string): boolean => isWithin(home, p) || p === path.parse(p).root;
  if (!tooWide(mount.path)) return [mount];
  if (fallback !== undefined && !tooWide(fallback)) return [{ ...mount, path: fallback }];
  notes.push(`not granting ${mount.path} implicitly (it would expose ${home}); grant what the server needs with --sandbox-read/--sandbox-write`);
  return [];
}

function resolved(paths: readonly string[], cwd: string): string[] {
  return [...new Set(paths.map((p) => realPath(path.resolve(cwd, p))).filter((p): p is string => p !== undefined))];
}

/**
 * A writable grant at or inside a kept path becomes read-only, and a kept path inside a writable
 * grant gets a read-only mount of its own, which lands on top (parents are mounted first).
 */
function readOnlyWhereKept(mounts: readonly Mount[], keep: readonly string[], notes: string[]): Mount[] {
  const kept = (p: string): string | undefined => keep.find((k) => isWithin(p, k));
  const adjusted = mounts.map((mount): Mount => {
    const inside = mount.access === 'write' ? kept(mount.path) : undefined;
    if (inside === undefined) return mount;
    notes.push(`granting ${mount.path} read-only: warden reads ${inside}, which servers may not change`);
    return { ...mount, access: 'read' };
  });
  const covers = keep
    .filter((k) => adjusted.some((m) => m.access === 'write' && m.path !== k && isWithin(k, m.path)))
    .map((k): Mount => ({ path: k, access: 'read' }));
  return merge([...adjusted, ...covers]);
}

/**
 * Each directory between a writable grant and a path warden trusts or hides inside it becomes a
 * mount point (bound onto itself, with the access it had): a mount point cannot be renamed, so a
 * server cannot move the directory holding the policy or the journal aside and put its own in
 * its place, which the read-only or hidden mount of the path itself does not prevent (warden
 * reads and writes them by path).
 */
function pinAncestors(mounts: readonly Mount[], targets: readonly string[]): Mount[] {
  const pins: Mount[] = [];
  const mounted = new Set(mounts.map((m) => m.path));
  const enclosing = (p: string): Mount | undefined => mounts.filter((m) => isWithin(p, m.path)).sort((a, b) => b.path.length - a.path.length)[0];
  for (const target of targets) {
    for (let dir = path.dirname(target); dir !== path.dirname(dir) && !mounted.has(dir); dir = path.dirname(dir)) {
      const around = enclosing(dir);
      if (around === undefined) break;
      if (around.access === 'write' && !pins.some((p) => p.path === dir)) pins.push({ path: dir, access: 'write' });
    }
  }
  return merge([...mounts, ...pins]);
}

function merge(mounts: readonly Mount[]): Mount[] {
  const byPath = new Map<string, Mount>();
  for (const mount of mounts) {
    const known = byPath.get(mount.path);
    if (known === undefined || mount.access === 'write') byPath.set(mount.path, mount);
  }
  const depth = (p: string): number => p.split(path.sep).length;
  // Code-unit order among paths of one depth (they cannot nest): localeCompare's collator costs
  // its first call about 11 ms, which every start paid.
  return [...byPath.values()].sort((a, b) => depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
