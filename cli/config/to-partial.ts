/**
 * A schema-valid config file turned into PartialConfig: camelCase names, a bare listener
 * string as `{url}`, and every relative path resolved against the file's directory, since a
 * config file names its neighbours, not whatever directory warden happens to start in.
 */
import path from 'node:path';
import type { SandboxPolicy } from '../../transports/stdio/sandbox/policy.js';
import type { FileAuth, FileConfig, FileJwt, FileLimits, FileListener, FileSandbox, FileUpstream } from './file-format.js';
import type { PartialAuth, PartialConfig, PartialListener, PartialUpstream } from './partial.js';
import type { JwtConfig, LimitsConfig } from './types.js';

export function toPartial(file: FileConfig, baseDir: string): PartialConfig {
  const at = (p: string | undefined): string | undefined => (p === undefined ? undefined : path.resolve(baseDir, p));
  return compact({
    policies: at(file.policies),
    regoVersion: file.rego_version,
    strictBuiltinErrors: file.strict_builtin_errors,
    data: at(file.data),
    toolSearch: file.tool_search && compact({
      enabled: file.tool_search.enabled, favourites: file.tool_search.favourites, maxResults: file.tool_search.max_results,
    }),
    journal: file.journal && compact({
      dir: at(file.journal.dir), signingKeyFile: at(file.journal.signing_key),
      durability: file.journal.durability, syncWithinMs: file.journal.sync_within_ms,
      recordInputs: file.journal.record_inputs, inputMaxBytes: file.journal.input_max_bytes,
    }),
    listen: file.listen?.map((l) => listener(typeof l === 'string' ? { url: l } : l, at)),
    auth: file.auth && auth(file.auth, at),
    upstream: file.upstream && upstream(file.upstream, at),
    upstreams: file.upstreams?.map((u) => upstream(u, at)),
    routing: file.routing && compact({
      attemptTimeoutMs: file.routing.attempt_timeout_ms, fanOutTimeoutMs: file.routing.fan_out_timeout_ms, reconnectMaxMs: file.routing.reconnect_max_ms,
    }),
    limits: file.limits && limits(file.limits),
  });
}

type Resolve = (p: string | undefined) => string | undefined;

function listener(l: FileListener, at: Resolve): PartialListener {
  return compact({
    url: l.url,
    tls: l.tls && { cert: at(l.tls.cert)!, key: at(l.tls.key)! },
    allowedOrigins: l.allowed_origins,
    allowedHosts: l.allowed_hosts,
    health: l.health,
    maxConnections: l.max_connections,
  });
}

function auth(a: FileAuth, at: Resolve): PartialAuth {
  return compact({ mode: a.mode, apiKeysFile: at(a.api_keys), jwt: a.jwt && jwt(a.jwt, at) });
}

function jwt(j: FileJwt, at: Resolve): Partial<JwtConfig> {
  return compact({
    jwksUrl: j.jwks_url,
    publicKeyFile: at(j.public_key),
    issuer: j.issuer,
    audience: j.audience,
    clockSkewSeconds: j.clock_skew_seconds,
    algorithms: j.algorithms,
    principalClaim: j.principal_claim,
    rolesClaim: j.roles_claim,
    authorizationServers: j.authorization_servers,
    resource: j.resource,
    scopesSupported: j.scopes_supported,
  });
}

/** env_file and ${env:NAME} are the loader's business (load.ts): they need the disk and the environment. */
function upstream(u: FileUpstream, at: Resolve): PartialUpstream {
  return compact({
    name: u.name, url: u.url, command: u.command, env: u.env, headers: u.headers, sandbox: u.sandbox && sandbox(u.sandbox, at),
    private: u.private, namespace: u.namespace, separator: u.separator, endpoints: u.endpoints?.map((e) => compact({ url: e.url, command: e.command })),
  });
}

function sandbox(s: FileSandbox, at: Resolve): Partial<SandboxPolicy> {
  const all = (paths: string[] | undefined): string[] | undefined => paths?.map((p) => at(p)!);
  const limits = s.limits && compact({ processes: s.limits.processes, memoryMiB: s.limits.memory_mib });
  return compact({ mode: s.mode, read: all(s.read), write: all(s.write), network: s.network, image: s.image, limits });
}

function limits(l: FileLimits): Partial<LimitsConfig> {
  return compact({
    maxMessageBytes: l.max_message_bytes,
    maxSessions: l.max_sessions,
    maxSessionsPerPrincipal: l.max_sessions_per_principal,
    idleTimeoutSeconds: l.idle_timeout_seconds,
    requestTimeoutSeconds: l.request_timeout_seconds,
    shutdownGraceSeconds: l.shutdown_grace_seconds,
    maxInFlight: l.max_in_flight,
  });
}

/** Drops absent fields, so a partial config holds only what the file said. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
