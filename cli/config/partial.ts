/**
 * What a config file may say: any part of WardenConfig, in camelCase, with its relative paths
 * already resolved against the file's directory and `${env:NAME}` already substituted.
 * resolveConfig (merge.ts) fills in defaults and flags.
 */
import type { SandboxPolicy } from '../../transports/stdio/sandbox/policy.js';
import type { ToolSearchConfig } from './types.js';
import type { EndpointConfig, JournalConfig, JwtConfig, LimitsConfig, RoutingConfig, TlsFiles } from './types.js';

export interface PartialListener {
  url: string;
  tls?: TlsFiles;
  allowedOrigins?: string[];
  allowedHosts?: string[];
  health?: boolean;
  maxConnections?: number;
}

export interface PartialAuth {
  mode?: 'api_keys' | 'jwt' | 'none';
  apiKeysFile?: string;
  jwt?: Partial<JwtConfig>;
}

export interface PartialUpstream {
  name?: string;
  url?: string;
  command?: string[];
  /** env_file's variables with env's on top. */
  env?: Record<string, string>;
  headers?: Record<string, string>;
  /** Grant paths already resolved against the file's directory. */
  sandbox?: Partial<SandboxPolicy>;
  private?: boolean;
  namespace?: string;
  separator?: string;
  endpoints?: EndpointConfig[];
}

export interface PartialConfig {
  policies?: string;
  regoVersion?: 0 | 1;
  strictBuiltinErrors?: boolean;
  toolSearch?: Partial<ToolSearchConfig>;
  data?: string;
  journal?: Partial<JournalConfig>;
  listen?: PartialListener[];
  auth?: PartialAuth;
  upstream?: PartialUpstream;
  upstreams?: PartialUpstream[];
  routing?: Partial<RoutingConfig>;
  limits?: Partial<LimitsConfig>;
}
