/**
 * Running a stdio server in a podman or docker container: each launch becomes
 * `node container-run.js ENGINE NAME run ...` (container-run.ts kills the container when the
 * session ends). The root is a local image, a root directory (podman), or, with neither, an
 * empty directory of warden's with the host's system mounted read-only, which needs no image
 * and sees what bubblewrap's sandbox sees. Grants and covers come from the same plan as
 * bubblewrap's (mount-plan.ts).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildLaunch } from '../child.js';
import { containerArgs, type ContainerRoot } from './container-args.js';
import { installedProfile, setIdRefusingProfile, type SeccompProfile } from './container-seccomp.js';
import { currentUser, keepsId, probeEngine, type EngineProbe, type EngineProbeRequest } from './container-detect.js';
import { engineEnvironment, serverEnvNames } from './container-env.js';
import { planGrants, SANDBOX_HOME, SYSTEM_PATHS } from './mount-plan.js';
import { isRoot } from './detect.js';
import { containerLimits } from './container-limits.js';
import { isWithin, realPath, resolveExecutable } from './paths.js';
import type { ContainerEngine, SandboxPolicy } from './policy.js';

const CONTAINER_RUN = fileURLToPath(new URL('./container-run.js', import.meta.url));

export interface ContainerRequest {
  engine: ContainerEngine;
  policy: SandboxPolicy;
  command: string;
  args: readonly string[];
  protect: readonly string[];
  keepReadOnly?: readonly string[];
  cwd: string;
  probe?: (request: EngineProbeRequest) => EngineProbe;
  /** Injected by tests: the engine's default seccomp profile, whether warden is root, and whether the host has cgroup v2 alone. */
  seccompBase?: () => SeccompProfile | undefined;
  root?: boolean;
  cgroupV2?: boolean;
}

export type ContainerSetup =
  | { usable: true; reason: string; notes: string[]; wrap: (launch: ChildLaunch) => ChildLaunch }
  | { usable: false; reason: string };

/** Throws for a configuration no engine could run (docker without an image); unusable otherwise. */
export function setUpContainer(request: ContainerRequest): ContainerSetup {
  const { engine, policy } = request;
  const hostSystem = policy.image === undefined;
  if (hostSystem && engine === 'docker') throw new Error('--sandbox docker needs an image (--sandbox-image): docker cannot run the host\'s system');
  const configured = hostSystem ? undefined : configuredRoot(engine, policy.image!);
  const scratch = scratchDirectories();
  const root: ContainerRoot = configured ?? { kind: 'rootfs', dir: scratch.root };
  const system = hostSystem ? SYSTEM_PATHS.filter((p) => existsSync(p)) : [];
  const probe = (request.probe ?? probeEngine)({ engine, root, network: policy.network, system, home: SANDBOX_HOME });
  if (!probe.usable) {
    scratch.remove();
    return probe;
  }
  // After the probe: an engine that is not there cannot refuse the limits (auto goes on without it).
  const limits = containerLimits({ engine, limits: policy.limits, root: request.root, cgroupV2: request.cgroupV2 });
  const { cwd } = request;
  const protect = [...request.protect, scratch.base];
  const plan = (program: string | undefined) => planGrants({ policy, program, args: request.args, cwd, protect, keepReadOnly: request.keepReadOnly });
  // At startup: refuse a bad grant now, and collect the notes once.
  const first = plan(hostSystem ? resolveExecutable(request.command, process.env.PATH, cwd) : undefined);
  const setId = setIdRefusal(request, scratch.base);
  const what = hostSystem ? "the host's system read-only" : `${root.kind === 'image' ? 'image' : 'root directory'} ${policy.image}`;
  return {
    usable: true,
    reason: `${engine} (${probe.engine}), ${what}, network ${policy.network ? 'on' : 'off'}, ${limits.describe}`,
    notes: [...first.notes, ...setId.notes, ...limits.notes],
    wrap: (launch) => {
      // In an image the program is the image's; on the host's system it is found like bubblewrap's.
      const program = hostSystem ? resolveExecutable(launch.command, launch.env.PATH, launch.cwd) : launch.command;
      if (program === undefined) throw new Error('not found in PATH');
      const { mounts, hiddenDirs, hiddenFiles } = plan(hostSystem ? program : undefined);
      const inside = realPath(launch.cwd);
      const name = `mcp-warden-${process.pid}-${randomBytes(6).toString('hex')}`;
      const args = containerArgs({
        engine, name, root, command: program, args: launch.args, system, mounts, hiddenDirs, hiddenFiles, empty: scratch.empty,
        network: policy.network, home: SANDBOX_HOME, user: currentUser(), keepId: keepsId(engine), ...(limits.limits === undefined ? {} : { limits: limits.limits }), ...setId.profile,
        cwd: inside !== undefined && mounts.some((m) => isWithin(inside, m.path)) ? inside : SANDBOX_HOME,
        // The host's PATH means nothing in an image: the image's own applies.
        envNames: serverEnvNames(launch.env).filter((n) => hostSystem || n !== 'PATH'),
      });
      // The engine runs in warden's scratch directory: the container's own directory is --workdir,
      // and podman's monitor (conmon) leaves a file named `oom` in its working directory when the
      // kernel kills the container for memory, which would land in the operator's.
      return { command: process.execPath, args: [CONTAINER_RUN, probe.engine, name, ...args], env: engineEnvironment(launch.env), cwd: scratch.base };
    },
  };
}

/**
 * Run by a root warden, the server is uid 0 and owns what it creates in a writable grant: a
 * setuid copy of a shell there would be a setuid-root program on the host. The engine's default
 * profile, with set-id modes refused, is written to warden's scratch directory (which servers
 * never see). Without a default profile to start from, warden says it cannot refuse them.
 */
function setIdRefusal(request: ContainerRequest, dir: string): { profile: { seccompProfile?: string }; notes: string[] } {
  if (!(request.root ?? isRoot())) return { profile: {}, notes: [] };
  const base = (request.seccompBase ?? installedProfile)();
  if (base === undefined) return { profile: {}, notes: ['setuid files are not refused in containers: no default seccomp profile (containers-common seccomp.json) to extend; run warden as an ordinary user'] };
  const file = path.join(dir, 'seccomp.json');
  writeFileSync(file, JSON.stringify(setIdRefusingProfile(base)), { mode: 0o644 });
  return { profile: { seccompProfile: file }, notes: [] };
}

function configuredRoot(engine: ContainerEngine, image: string): ContainerRoot {
  if (!path.isAbsolute(image)) return { kind: 'image', image };
  if (engine === 'docker') throw new Error(`--sandbox docker: docker cannot run a root directory (${image}); give an image`);
  return { kind: 'rootfs', dir: image };
}

interface Scratch {
  base: string;
  root: string;
  empty: string;
  remove: () => void;
}

const scratches = new Set<string>();
let removedOnExit = false;

/**
 * Warden's own directories, made by this process (mkdtemp: nobody else can plant files in
 * them): the empty root for the host's system (the engine creates the mount points in it) and
 * the empty directory that covers secrets. Servers never see them (they are protected like
 * warden's secrets), so no session can plant files for the next. They go when warden exits.
 */
function scratchDirectories(): Scratch {
  const base = mkdtempSync(path.join(tmpdir(), 'mcp-warden-container-'));
  const root = path.join(base, 'root');
  const empty = path.join(base, 'empty');
  mkdirSync(root);
  mkdirSync(empty);
  for (const dir of [base, root, empty]) chmodSync(dir, 0o755);
  if (!removedOnExit) process.once('exit', () => scratches.forEach(removeDirectory));
  removedOnExit = true;
  scratches.add(base);
  return { base, root, empty, remove: () => (scratches.delete(base), removeDirectory(base)) };
}

function removeDirectory(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
