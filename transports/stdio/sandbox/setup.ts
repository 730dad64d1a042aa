/**
 * From the operator's sandbox policy to what each server launch runs: the bwrap command line
 * around the server's, or the server's own when unconfined. Decided once at startup, so a
 * missing bwrap is reported once and `--sandbox bwrap` fails before any client connects.
 */
import type { ChildLaunch } from '../child.js';
import { bwrapArgs } from './bwrap.js';
import { isRoot, probeBwrap, type BwrapProbe } from './detect.js';
import { planGrants, SANDBOX_HOME, SYSTEM_PATHS, type GrantPlan } from './mount-plan.js';
import { isWithin, realPath, resolveExecutable } from './paths.js';
import type { Confinement, SandboxPolicy } from './policy.js';

export interface SandboxSetup {
  confinement: Confinement;
  /** Implicit grants left out, and the like: worth one line each in the log. */
  notes: string[];
  /** Absent when unconfined. Throws (a failed launch) when the program cannot be found. */
  wrap?: (launch: ChildLaunch) => ChildLaunch;
}

export interface SandboxRequest {
  policy: SandboxPolicy;
  command: string;
  args: readonly string[];
  /** Warden's home, journal directory and signing key file. */
  protect: readonly string[];
  cwd?: string;
  /** Injected by tests. */
  probe?: () => BwrapProbe;
}

/** Throws when `bwrap` was asked for and cannot be used, or when a grant is refused. */
export function setUpSandbox(request: SandboxRequest): SandboxSetup {
  const { policy } = request;
  if (policy.mode === 'none') return unconfined('--sandbox none: the server runs unconfined, as warden\'s user');
  const probe = (request.probe ?? probeBwrap)();
  if (!probe.usable) {
    if (policy.mode === 'bwrap') throw new Error(`--sandbox bwrap: bubblewrap is unavailable: ${probe.reason}`);
    return unconfined(`UNCONFINED: bubblewrap is unavailable (${probe.reason}); the server can read warden's environment, keys and journal. Install bubblewrap or pass --sandbox none to accept this`);
  }
  const cwd = request.cwd ?? process.cwd();
  const plan = (program: string | undefined): GrantPlan => planGrants({ policy, program, args: request.args, cwd, protect: request.protect });
  // At startup: refuse a bad grant now, and collect the notes once.
  const first = plan(resolveExecutable(request.command, process.env.PATH, cwd));
  return {
    confinement: { sandbox: 'bwrap', reason: `bubblewrap (${probe.bwrap}), network ${policy.network ? 'on' : 'off'}` },
    notes: first.notes,
    wrap: (launch) => {
      const program = resolveExecutable(launch.command, launch.env.PATH, launch.cwd);
      if (program === undefined) throw new Error('not found in PATH');
      const { mounts, hiddenDirs, hiddenFiles } = plan(program);
      const inside = realPath(launch.cwd);
      const args = bwrapArgs({
        command: program, args: launch.args, system: SYSTEM_PATHS, mounts, hiddenDirs, hiddenFiles, network: policy.network,
        home: SANDBOX_HOME, dropCapabilities: isRoot(),
        // The server starts where warden was started when it can see that directory.
        cwd: inside !== undefined && mounts.some((m) => isWithin(inside, m.path)) ? inside : SANDBOX_HOME,
      });
      return { command: probe.bwrap, args, env: launch.env, cwd: launch.cwd };
    },
  };
}

function unconfined(reason: string): SandboxSetup {
  return { confinement: { sandbox: 'none', reason }, notes: [] };
}
