/**
 * What a sandboxed server must never see or change of warden's own files. Hidden: warden's home,
 * its journal and signing key, and the secrets its listeners and upstream are configured with.
 * Read-only: what warden reads and trusts, so that a server whose directory holds them cannot
 * rewrite the policy that governs it, the data it decides with, or whom its listeners believe.
 */
import type { WardenConfig } from './config/types.js';
import { wardenHome } from './home.js';

export interface ProtectedPaths {
  hidden: string[];
  readOnly: string[];
}

/** Files warden read that the merged config does not keep. */
export interface RunInputs {
  configFile?: string;
  /** --env-file, and every env_file the config file names (used or replaced by flags alike). */
  envFiles?: string[];
}

export function protectedPaths(config: WardenConfig, journalDir: string, inputs: RunInputs = {}): ProtectedPaths {
  const tls = config.listen.flatMap((listener) => (listener.tls ? [listener.tls] : []));
  const hidden = [
    wardenHome(), journalDir, config.journal.signingKeyFile,
    ...tls.map((files) => files.key), config.auth.apiKeysFile, ...(inputs.envFiles ?? []),
  ];
  const readOnly = [
    config.policies, config.data, inputs.configFile,
    ...tls.map((files) => files.cert), config.auth.jwt?.publicKeyFile,
  ];
  return { hidden: defined(hidden), readOnly: defined(readOnly) };
}

function defined(paths: ReadonlyArray<string | undefined>): string[] {
  return paths.filter((p): p is string => p !== undefined);
}
