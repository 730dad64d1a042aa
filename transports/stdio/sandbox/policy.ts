/**
 * How a stdio upstream is contained. The operator states a mode and grants; warden adds the
 * paths it must hide from the server (its home, journal and signing key), whatever the grants.
 */

/**
 * `auto`: bubblewrap when it works here, else podman running the host's system read-only, else
 * unconfined with a loud warning. `podman` and `docker` run the server in a container.
 */
export type SandboxMode = 'auto' | 'bwrap' | 'podman' | 'docker' | 'none';

export const SANDBOX_MODES: readonly SandboxMode[] = ['auto', 'bwrap', 'podman', 'docker', 'none'];

/** The modes that run the server in a container. */
export type ContainerEngine = 'podman' | 'docker';

export interface SandboxPolicy {
  mode: SandboxMode;
  /** Paths mounted read-only, on top of the implicit grants (docs/sandbox.md). */
  read: string[];
  /** Paths mounted read-write. */
  write: string[];
  /** The server may open network connections (its own network namespace otherwise). */
  network: boolean;
  /**
   * Containers only: an image already present locally, or (podman) an absolute path to a root
   * directory. Absent: podman runs the host's system read-only, as bubblewrap does.
   */
  image?: string;
  /** What the server may use, under bubblewrap or in a container; absent ones take the defaults (limits.ts). */
  limits?: Partial<ResourceLimits>;
}

/** Each 0 when not limited. */
export interface ResourceLimits {
  /** Processes and threads, all of the server's together. */
  processes: number;
  /**
   * In MiB. bubblewrap: data (heap and private writable memory) of each process, and of all of
   * them together where warden has a memory cgroup; containers: all of the container's memory.
   */
  memoryMiB: number;
}

export const DEFAULT_SANDBOX_POLICY: SandboxPolicy = { mode: 'auto', read: [], write: [], network: false };

/** What a server actually runs under, for the operator's log and the journal. */
export interface Confinement {
  sandbox: 'bwrap' | ContainerEngine | 'none';
  /** Why: the mode chosen, or why no sandbox could be used. */
  reason: string;
  /** The operator asked for no sandbox (`--sandbox none`): worth a note, not an alarm. */
  deliberate?: boolean;
}
