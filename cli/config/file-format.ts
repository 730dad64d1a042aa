/**
 * The config file's own shape (snake_case, as schema.json describes it), for reading a value
 * the schema has already accepted.
 */
export interface FileTls {
  cert: string;
  key: string;
}

export interface FileListener {
  url: string;
  tls?: FileTls;
  allowed_origins?: string[];
  allowed_hosts?: string[];
  health?: boolean;
  max_connections?: number;
}

export interface FileJwt {
  jwks_url?: string;
  public_key?: string;
  issuer?: string;
  audience?: string;
  clock_skew_seconds?: number;
  algorithms?: string[];
  principal_claim?: string;
  roles_claim?: string;
  authorization_servers?: string[];
  resource?: string;
  scopes_supported?: string[];
}

export interface FileAuth {
  mode?: 'api_keys' | 'jwt' | 'none';
  api_keys?: string;
  jwt?: FileJwt;
}

export interface FileUpstream {
  name?: string;
  url?: string;
  command?: string[];
  env?: Record<string, string>;
  env_file?: string;
  headers?: Record<string, string>;
  sandbox?: FileSandbox;
  private?: boolean;
  namespace?: string;
  separator?: string;
  endpoints?: FileEndpoint[];
}

export interface FileEndpoint {
  url?: string;
  command?: string[];
}

export interface FileRouting {
  attempt_timeout_ms?: number;
  fan_out_timeout_ms?: number;
  reconnect_max_ms?: number;
}

export interface FileSandbox {
  mode?: 'auto' | 'bwrap' | 'podman' | 'docker' | 'none';
  read?: string[];
  write?: string[];
  network?: boolean;
  image?: string;
  limits?: { processes?: number; memory_mib?: number };
}

export interface FileLimits {
  max_message_bytes?: number;
  max_sessions?: number;
  max_sessions_per_principal?: number;
  idle_timeout_seconds?: number;
  request_timeout_seconds?: number;
  shutdown_grace_seconds?: number;
  max_in_flight?: number;
}

export interface FileConfig {
  policies?: string;
  rego_version?: 0 | 1;
  strict_builtin_errors?: boolean;
  tool_search?: { enabled?: boolean; favourites?: string[]; max_results?: number };
  data?: string;
  journal?: { dir?: string; signing_key?: string; durability?: 'strict' | 'batched'; sync_within_ms?: number; record_inputs?: boolean; input_max_bytes?: number };
  listen?: (string | FileListener)[];
  auth?: FileAuth;
  upstream?: FileUpstream;
  upstreams?: FileUpstream[];
  routing?: FileRouting;
  limits?: FileLimits;
}
