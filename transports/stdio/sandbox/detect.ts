/**
 * Whether bubblewrap works here. Installed is not enough: kernels and container runtimes often
 * forbid the namespaces it needs, so the probe runs a real, fully confined `true`.
 */
import { spawnSync } from 'node:child_process';
import { bwrapArgs } from './bwrap.js';
import { procMasks } from './proc-cover.js';
import { SANDBOX_HOME, SYSTEM_PATHS } from './mount-plan.js';
import { resolveExecutable, SYSTEM_SEARCH_PATH } from './paths.js';

/**
 * `disableUserns`: this bwrap can keep the server from creating user namespaces of its own;
 * when it cannot (before 0.8.0, or a kernel that refuses the nesting), `note` says so.
 */
export type BwrapProbe = { usable: true; bwrap: string; disableUserns?: boolean; note?: string } | { usable: false; reason: string };

const PROBE_TIMEOUT_MS = 5000;

/**
 * bwrap is looked for in the system's directories, not PATH (paths.ts SYSTEM_SEARCH_PATH). The
 * probe runs it once, with the network off: that confinement is a superset of the one with it
 * on (which only leaves out --unshare-net), so it working means both do. Its answer is kept for
 * the process: every stdio upstream of a config would otherwise probe again, at about 50 ms.
 */
export function probeBwrap(searchPath: string = SYSTEM_SEARCH_PATH): BwrapProbe {
  let probe = probes.get(searchPath);
  if (!probe) probes.set(searchPath, probe = runProbe(searchPath));
  return probe;
}

const probes = new Map<string, BwrapProbe>();

function runProbe(searchPath: string): BwrapProbe {
  const bwrap = resolveExecutable('bwrap', searchPath, '/');
  if (bwrap === undefined) return { usable: false, reason: `bwrap is not installed in ${searchPath} (Debian/Ubuntu: apt-get install bubblewrap)` };
  const truePath = resolveExecutable('true', searchPath, '/') ?? '/bin/true';
  const trial = (disableUserns: boolean): ReturnType<typeof spawnSync> => spawnSync(bwrap, bwrapArgs({
    command: truePath, args: [], system: SYSTEM_PATHS, mounts: [], hiddenDirs: [], hiddenFiles: [],
    network: false, home: SANDBOX_HOME, cwd: '/', dropCapabilities: isRoot(), procMasks: procMasks(), disableUserns,
  }), { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS, stdio: ['ignore', 'ignore', 'pipe'] });
  if (offersDisableUserns(bwrap) && trial(true).status === 0) return { usable: true, bwrap, disableUserns: true };
  const run = trial(false);
  if (run.status !== 0) return { usable: false, reason: `${bwrap} cannot create a sandbox here: ${spawnFailure(run)}` };
  return { usable: true, bwrap, note: `${bwrap} cannot disable user namespaces in the sandbox (--disable-userns: bubblewrap 0.8.0 or later, and a kernel that lets it): a server can create its own, a common first step of kernel exploits` };
}

/** bubblewrap 0.8.0 added --disable-userns; older ones reject unknown options, so ask its help. */
function offersDisableUserns(bwrap: string): boolean {
  const help = spawnSync(bwrap, ['--help'], { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS });
  return `${help.stdout}`.includes('--disable-userns');
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** What a failed probe run said: its error, the first line of its stderr, or its status. */
export function spawnFailure(run: ReturnType<typeof spawnSync>): string {
  if (run.error !== undefined) return run.error.message;
  const said = String(run.stderr ?? '').trim().split('\n')[0];
  return said || (run.signal === null ? `exit code ${run.status}` : `signal ${run.signal}`);
}
