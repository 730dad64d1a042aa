/**
 * `sandbox.limits` for a container: the engine enforces them in the container's cgroup
 * (container-args.ts has the flags). Rootless podman on a cgroup v1 host cannot: it prints
 * "Resource limits are not supported and ignored on cgroups V1 rootless systems" and runs the
 * container without any. As under bubblewrap (limits.ts), a limit the operator set that cannot
 * be applied refuses the start, and a default one is left out with a note.
 */
import { existsSync } from 'node:fs';
import { isRoot } from './detect.js';
import { DEFAULT_RESOURCE_LIMITS, NO_LIMITS, unavailableLimits } from './limits.js';
import type { ContainerEngine, ResourceLimits } from './policy.js';

export interface ContainerLimitsRequest {
  engine: ContainerEngine;
  limits?: Partial<ResourceLimits>;
  /** Injected by tests: whether warden is root, and whether the host mounts cgroup v2 alone. */
  root?: boolean;
  cgroupV2?: boolean;
}

export interface ContainerLimits {
  /** Absent when the engine cannot apply any: no flags at all, so it has nothing to warn about. */
  limits?: ResourceLimits;
  /** For the confinement line, e.g. `limits 1024 processes, 4096 MiB of memory in all`. */
  describe: string;
  notes: string[];
}

/** Throws when a limit the operator set cannot be applied here. */
export function containerLimits(request: ContainerLimitsRequest): ContainerLimits {
  const limits: ResourceLimits = { ...DEFAULT_RESOURCE_LIMITS, ...request.limits };
  const rootless = request.engine === 'podman' && !(request.root ?? isRoot());
  if (!rootless || (request.cgroupV2 ?? unifiedCgroups())) return { limits, describe: describe(limits), notes: [] };
  const note = unavailableLimits(request.limits, 'rootless podman cannot apply resource limits on a cgroup v1 host', 'boot the host with cgroup v2, run warden as root or use bubblewrap');
  return { describe: NO_LIMITS, notes: [note] };
}

function describe(limits: ResourceLimits): string {
  const processes = limits.processes > 0 ? `${limits.processes} processes` : 'no process limit';
  const memory = limits.memoryMiB > 0 ? `${limits.memoryMiB} MiB of memory in all` : 'no memory limit';
  return `limits ${processes}, ${memory}`;
}

/** cgroup v2 alone (not v1, nor a hybrid host): what podman needs to limit a rootless container. */
function unifiedCgroups(): boolean {
  return existsSync('/sys/fs/cgroup/cgroup.controllers');
}
