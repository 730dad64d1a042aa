/**
 * From the operator's sandbox policy to what each server launch runs: the bwrap or container
 * command line around the server's, or the server's own when unconfined. Decided once at
 * startup, so a missing sandbox is reported once and `--sandbox bwrap|podman|docker` fails
 * before any client connects.
 */
import type { ChildLaunch } from '../child.js';
import { withHiddenOptions } from './bwrap.js';
import { resourceLimiter } from './limits.js';
import { procMasks } from './proc-cover.js';
import { hasSetuidFilter, setuidFilter } from './seccomp.js';
import { setUpContainer, type ContainerRequest } from './container.js';
import { isRoot, probeBwrap, type BwrapProbe } from './detect.js';
import { planGrants, SANDBOX_HOME, SYSTEM_PATHS, type GrantPlan } from './mount-plan.js';
import { isWithin, realPath, resolveExecutable } from './paths.js';
import type { Confinement, ContainerEngine, SandboxPolicy } from './policy.js';

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
  /** Warden's home, journal directory and signing key file, and other secrets: hidden. */
  protect: readonly string[];
  /** Warden's policy, data and config: read-only where a grant exposes them. */
  keepReadOnly?: readonly string[];
  cwd?: string;
  /** Injected by tests. */
  probe?: () => BwrapProbe;
  probeEngine?: ContainerRequest['probe'];
}

/**
 * Throws when the sandbox asked for cannot be used, or when a grant is refused. `auto` tries
 * bubblewrap, then podman on the host's system, then runs the server unconfined, loudly.
 */
export function setUpSandbox(request: SandboxRequest): SandboxSetup {
  const { policy } = request;
  if (policy.image !== undefined && policy.mode !== 'podman' && policy.mode !== 'docker') {
    throw new Error(`sandbox image ${policy.image}: an image applies only to --sandbox podman or docker`);
  }
  if (policy.mode === 'none') return { confinement: { sandbox: 'none', reason: 'sandbox none: the server runs unconfined, as warden\'s user', deliberate: true }, notes: [] };
  if (policy.mode === 'podman' || policy.mode === 'docker') {
    const container = inContainer(policy.mode, request);
    if ('unusable' in container) throw new Error(`--sandbox ${policy.mode}: ${container.unusable}`);
    return container;
  }
  const probe = (request.probe ?? probeBwrap)();
  if (probe.usable) return inBwrap(probe, request);
  if (policy.mode === 'bwrap') throw new Error(`--sandbox bwrap: bubblewrap is unavailable: ${probe.reason}`);
  const podman = inContainer('podman', request);
  if (!('unusable' in podman)) {
    return { ...podman, confinement: { ...podman.confinement, reason: `${podman.confinement.reason} (bubblewrap is unavailable: ${probe.reason})` } };
  }
  return unconfined(`UNCONFINED: bubblewrap is unavailable (${probe.reason}), and so is podman (${podman.unusable}); --sandbox auto runs the server anyway, and it can read warden's environment, keys and journal. Install bubblewrap to confine it, --sandbox bwrap (sandbox: {mode: bwrap}) to refuse to start without it, or --sandbox none (sandbox: {mode: none}) to say unconfined is intended`);
}

function inContainer(engine: ContainerEngine, request: SandboxRequest): SandboxSetup | { unusable: string } {
  const container = setUpContainer({ ...request, engine, cwd: request.cwd ?? process.cwd(), probe: request.probeEngine });
  if (!container.usable) return { unusable: container.reason };
  return { confinement: { sandbox: engine, reason: container.reason }, notes: container.notes, wrap: container.wrap };
}

function inBwrap({ bwrap, disableUserns, note }: Extract<BwrapProbe, { usable: true }>, request: SandboxRequest): SandboxSetup {
  const { policy } = request;
  const cwd = request.cwd ?? process.cwd();
  const plan = (program: string | undefined): GrantPlan => planGrants({ policy, program, args: request.args, cwd, protect: request.protect, keepReadOnly: request.keepReadOnly });
  // At startup: refuse a bad grant now, and collect the notes once.
  const first = plan(resolveExecutable(request.command, process.env.PATH, cwd));
  const root = isRoot();
  // As root the server owns what it creates: a setuid file it made would be a setuid-root program on the host.
  const filter = root && hasSetuidFilter() ? setuidFilter() : undefined;
  const notes = [...first.notes, ...(root && filter === undefined ? [`setuid files are not refused on ${process.arch}: run warden as an ordinary user`] : []), ...(note === undefined ? [] : [note])];
  const limiter = resourceLimiter({ limits: policy.limits, root });
  return {
    confinement: { sandbox: 'bwrap', reason: `bubblewrap (${bwrap}), network ${policy.network ? 'on' : 'off'}, ${limiter.describe}` },
    notes: [...notes, ...limiter.notes],
    wrap: (launch) => {
      const program = resolveExecutable(launch.command, launch.env.PATH, launch.cwd);
      if (program === undefined) throw new Error('not found in PATH');
      const { mounts, hiddenDirs, hiddenFiles } = plan(program);
      const inside = realPath(launch.cwd);
      // Descriptor 3 carries bwrap's options, 4 the seccomp filter (child.ts: launch inputs).
      const { args, input } = withHiddenOptions({
        command: program, args: launch.args, system: SYSTEM_PATHS, mounts, hiddenDirs, hiddenFiles, network: policy.network,
        home: SANDBOX_HOME, dropCapabilities: root, procMasks: procMasks(), disableUserns: disableUserns === true, ...(filter === undefined ? {} : { seccompFd: 4 }),
        // The server starts where warden was started when it can see that directory.
        cwd: inside !== undefined && mounts.some((m) => isWithin(inside, m.path)) ? inside : SANDBOX_HOME,
      }, 3);
      return { ...limiter.limit(bwrap, args), env: launch.env, cwd: launch.cwd, inputs: filter === undefined ? [input] : [input, filter] };
    },
  };
}

function unconfined(reason: string): SandboxSetup {
  return { confinement: { sandbox: 'none', reason }, notes: [] };
}
