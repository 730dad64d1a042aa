/**
 * `warden run`'s settings once the config file and the flags are merged: what the gateway is
 * built from. The config file (YAML or JSON, validated against schema.json) spells the same
 * fields in snake_case; flags override it.
 */

import type { SandboxPolicy } from '../../transports/stdio/sandbox/policy.js';

export interface TlsFiles {
  /** PEM certificate chain file. */
  cert: string;
  /** PEM private key file. */
  key: string;
}

export interface ListenerConfig {
  /** `stdio`, `http://HOST:PORT/PATH`, `https://...`, `ws://...` or `wss://...`; port 0 picks one. */
  url: string;
  /** Required for https:// and wss://. */
  tls?: TlsFiles;
  /** Origins allowed to call (`scheme://host[:port]`, compared as browsers serialise them); requests with any other Origin get 403. */
  allowedOrigins: string[];
  /** Host header values allowed (DNS-rebinding defence); default: the listen address and its loopback aliases. */
  allowedHosts: string[];
  /** Network listeners: serve /healthz and /readyz (transports/health.ts). */
  health: boolean;
  /** Network listeners: connections held at once (transports/connection-cap.ts); absent, the default for `limits.max_sessions`. */
  maxConnections?: number;
}

export interface JwtConfig {
  jwksUrl?: string;
  /** PEM (SPKI) or JWK file. Exactly one of jwksUrl and publicKeyFile. */
  publicKeyFile?: string;
  issuer?: string;
  audience?: string;
  clockSkewSeconds: number;
  /** Allowed `alg` values; default the asymmetric ones jose supports. */
  algorithms?: string[];
  /** Claim naming the principal (default `sub`). */
  principalClaim: string;
  /** Claim holding the principal's roles (default `roles`). */
  rolesClaim: string;
  /**
   * RFC 9728 `authorization_servers`, served with the resource's metadata on HTTP listeners.
   * Default: the issuer, when one is set; with neither, no metadata is served.
   */
  authorizationServers?: string[];
  /** The resource's public URL, when a proxy in front changes the scheme, host or path clients use. */
  resource?: string;
  /** RFC 9728 `scopes_supported`. */
  scopesSupported?: string[];
}

export interface AuthConfig {
  /** `none` is accepted only when every network listener is on a loopback address. */
  mode: 'api_keys' | 'jwt' | 'none';
  /** File of hashed API keys (see `warden api-key`). */
  apiKeysFile?: string;
  jwt?: JwtConfig;
}

export interface UpstreamConfig {
  /** Seen by policies as `input.upstream` and in the journal. */
  name: string;
  /** http(s):// (Streamable HTTP, legacy HTTP+SSE fallback) or ws(s)://. Exactly one of url and command. */
  url?: string;
  /** stdio: the server command and its arguments. */
  command?: string[];
  /** stdio: extra environment for the server (values are secrets: never logged). */
  env: Record<string, string>;
  /** Network upstreams: headers sent on every request (credentials live here, never from the client). */
  headers: Record<string, string>;
  /** stdio: how the server is contained (docs/sandbox.md); absent means DEFAULT_SANDBOX_POLICY. */
  sandbox?: SandboxPolicy;
  /** `upstreams:` only: the policy may keep sensitive requests on it (input.candidates[].private). */
  private?: boolean;
  /** `upstreams:` only: prefix of its client-visible names (default: the name). */
  namespace?: string;
  /** `upstreams:` only: between namespace and name (default `__`). */
  separator?: string;
  /** `upstreams:` only: further replicas, tried in turn after the url or command above. */
  endpoints?: EndpointConfig[];
}

/** One replica of an upstream; it shares the upstream's env, headers and sandbox. */
export interface EndpointConfig {
  url?: string;
  command?: string[];
}

export interface RoutingConfig {
  /** A retryable request unanswered this long goes to the next endpoint or upstream; 0 = never. */
  attemptTimeoutMs: number;
  /** initialize and merged lists wait this long for a slow upstream. */
  fanOutTimeoutMs: number;
  /** The longest pause between reconnection attempts. */
  reconnectMaxMs: number;
}

export interface LimitsConfig {
  maxMessageBytes: number;
  maxSessions: number;
  /** Concurrent sessions one principal may hold (one API key or token subject cannot take every slot); 0: no limit of its own. */
  maxSessionsPerPrincipal: number;
  /** A session with no message in either direction for this long is closed. 0 = never. */
  idleTimeoutSeconds: number;
  /** A forwarded request unanswered for this long is answered with an error and cancelled upstream. 0 = never. */
  requestTimeoutSeconds: number;
  /** On shutdown, in-flight requests get this long to finish. */
  shutdownGraceSeconds: number;
  /** Requests one peer of a session may have in flight at once; more are refused, so a client cannot make warden hold unbounded state. */
  maxInFlight: number;
}

export interface JournalConfig {
  dir: string;
  signingKeyFile: string;
  /** strict: fdatasync before acting on a decision; batched: written before acting, fdatasync within syncWithinMs. */
  durability: 'strict' | 'batched';
  syncWithinMs: number;
  /** Decision entries keep their redacted decision input, for `warden replay`. */
  recordInputs: boolean;
  /** Inputs larger than this (JSON bytes) are journaled as omitted. */
  inputMaxBytes: number;
}

/** `tool_search:` (engine/search): tools/list shows retrieve_tools and the favourites only. */
export interface ToolSearchConfig {
  enabled: boolean;
  /** Listed next to retrieve_tools when the policy lets the principal see them. */
  favourites: string[];
  /** The most tools one retrieve_tools call returns. */
  maxResults: number;
}

export interface WardenConfig {
  policies: string;
  /** 0: the policy's modules are Rego v0, except those importing rego.v1 (`--v0-compatible`). */
  regoVersion: 0 | 1;
  /** A failing builtin call aborts the decision, which denies (`--strict-builtin-errors`). */
  strictBuiltinErrors: boolean;
  toolSearch: ToolSearchConfig;
  data?: string;
  journal: JournalConfig;
  listen: ListenerConfig[];
  auth: AuthConfig;
  /** The one upstream; with `upstreams:`, the first of them. */
  upstream: UpstreamConfig;
  /** `upstreams:` in the file: several servers behind each session (docs/routing.md). */
  upstreams?: UpstreamConfig[];
  /** With `upstreams:` only. */
  routing?: RoutingConfig;
  limits: LimitsConfig;
}
