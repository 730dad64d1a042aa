/**
 * Whether a container engine can run the server here. Like bubblewrap's probe (detect.ts), an
 * installed client is not enough: the engine may be unreachable (a docker client without a
 * daemon), refuse to run containers, or lack the image. Warden never pulls, so an image must
 * already be present locally.
 */
import { spawnSync } from 'node:child_process';
import { containerArgs, type ContainerRoot } from './container-args.js';
import { engineEnvironment } from './container-env.js';
import { spawnFailure as failure } from './detect.js';
import { isDirectory, resolveExecutable, SYSTEM_SEARCH_PATH } from './paths.js';
import type { ContainerEngine } from './policy.js';

export type EngineProbe = { usable: true; engine: string } | { usable: false; reason: string };

export interface EngineProbeRequest {
  engine: ContainerEngine;
  root: ContainerRoot;
  network: boolean;
  /** The host's system paths, when the root is warden's empty one (no image). */
  system: readonly string[];
  home: string;
}

const PROBE_TIMEOUT_MS = 30_000;

export function probeEngine(request: EngineProbeRequest, env: NodeJS.ProcessEnv = process.env): EngineProbe {
  // Never through PATH, like bwrap (detect.ts): a planted `podman` would run the server unconfined.
  const engine = resolveExecutable(request.engine, SYSTEM_SEARCH_PATH, '/');
  if (engine === undefined) return { usable: false, reason: `${request.engine} is not installed in ${SYSTEM_SEARCH_PATH}` };
  const run = (args: string[]): ReturnType<typeof spawnSync> =>
    spawnSync(engine, args, { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS, env: engineEnvironment({}, env), stdio: ['ignore', 'ignore', 'pipe'] });
  const { root } = request;
  if (root.kind === 'image') {
    const inspect = run(['image', 'inspect', '--format', '{{.Id}}', root.image]);
    if (inspect.status === 0) return { usable: true, engine };
    return { usable: false, reason: `${engine} cannot use the image ${root.image} (warden never pulls: pull or build it first): ${failure(inspect)}` };
  }
  if (!isDirectory(root.dir)) return { usable: false, reason: `the root directory ${root.dir} does not exist` };
  if (request.system.length === 0) return { usable: true, engine };
  const truePath = resolveExecutable('true', SYSTEM_SEARCH_PATH, '/') ?? '/bin/true';
  const name = `mcp-warden-probe-${process.pid}-${Date.now()}`;
  const started = run(containerArgs({
    engine: request.engine, name, root, command: truePath, args: [], system: request.system, mounts: [], hiddenDirs: [], hiddenFiles: [],
    network: request.network, home: request.home, cwd: '/', envNames: [], empty: root.dir, user: currentUser(), keepId: keepsId(request.engine), limits: { processes: 16, memoryMiB: 0 },
  }));
  if (started.status === 0) return { usable: true, engine };
  // A probe that timed out may have left its container behind.
  run(['rm', '--force', name]);
  return { usable: false, reason: `${engine} cannot run a container here: ${failure(started)}` };
}

export function currentUser(): { uid: number; gid: number } {
  return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
}

/** Rootless podman maps the caller to root inside unless told to keep its id. */
export function keepsId(engine: ContainerEngine): boolean {
  return engine === 'podman' && currentUser().uid !== 0;
}
