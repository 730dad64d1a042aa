/**
 * How a stdio upstream is contained. The operator states a mode and grants; warden adds the
 * paths it must hide from the server (its home, journal and signing key), whatever the grants.
 */

/** `auto`: bubblewrap when it works here, else unconfined with a loud warning. */
export type SandboxMode = 'auto' | 'bwrap' | 'none';

export interface SandboxPolicy {
  mode: SandboxMode;
  /** Paths mounted read-only, on top of the implicit grants (docs/sandbox.md). */
  read: string[];
  /** Paths mounted read-write. */
  write: string[];
  /** The server may open network connections (its own network namespace otherwise). */
  network: boolean;
}

export const DEFAULT_SANDBOX_POLICY: SandboxPolicy = { mode: 'auto', read: [], write: [], network: false };

/** What a server actually runs under, for the operator's log and the journal. */
export interface Confinement {
  sandbox: 'bwrap' | 'none';
  /** Why: the mode chosen, or why bubblewrap could not be used. */
  reason: string;
}
