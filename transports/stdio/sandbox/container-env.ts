/**
 * The environment the container engine's client runs with. The server's variables go in it so
 * `--env NAME` can pass them on by name (container-args.ts); the engine also needs warden's
 * settings for reaching and configuring itself, which the server never sees (no `--env` names
 * them unless the server's own environment has them).
 */

/** Where the engine finds its configuration, storage, socket or remote host. */
export const ENGINE_ENV: readonly string[] = [
  'HOME', 'PATH', 'USER', 'LOGNAME', 'XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME',
  'CONTAINERS_CONF', 'CONTAINERS_STORAGE_CONF', 'CONTAINERS_REGISTRIES_CONF', 'CONTAINER_HOST', 'CONTAINER_CONNECTION',
  'DOCKER_HOST', 'DOCKER_CONFIG', 'DOCKER_CONTEXT', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY',
];

/** The server's variables win over warden's for names both have: the server asked for those values. */
export function engineEnvironment(server: Readonly<Record<string, string>>, warden: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ENGINE_ENV) {
    const value = warden[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...server };
}

/** The names passed into the container: HOME and TMPDIR are the container's own. */
export function serverEnvNames(server: Readonly<Record<string, string>>): string[] {
  return Object.keys(server).filter((name) => name !== 'HOME' && name !== 'TMPDIR');
}
