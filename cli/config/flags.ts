/**
 * `warden run`'s flags as settings: what the command line said, before defaults and before the
 * config file is consulted. Absent means "not given"; resolveConfig (merge.ts) decides.
 */
import { SANDBOX_MODES, type SandboxMode } from '../../transports/stdio/sandbox/policy.js';
import type { ConfigDiagnostic } from './diagnostic.js';
import { parseArgs } from 'node:util';
import { rejectRepeated } from '../usage.js';

export interface FlagSettings {
  policies?: string;
  data?: string;
  journal?: string;
  signingKey?: string;
  /** Repeatable; replaces the file's listeners. */
  listen?: string[];
  tlsCert?: string;
  tlsKey?: string;
  upstream?: string;
  name?: string;
  noAuth?: boolean;
  apiKeys?: string;
  jwks?: string;
  jwtPublicKey?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  /** Repeatable `NAME=VALUE`. */
  env?: string[];
  envFile?: string;
  allowedOrigins?: string[];
  allowedHosts?: string[];
  /** Every network listener serves /healthz and /readyz. */
  health?: boolean;
  maxMessageBytes?: number;
  maxSessions?: number;
  maxSessionsPerPrincipal?: number;
  idleTimeoutSeconds?: number;
  requestTimeoutSeconds?: number;
  shutdownGraceSeconds?: number;
  maxInFlight?: number;
  durability?: 'strict' | 'batched';
  /** Journal decision inputs (redacted) for `warden replay`. */
  journalInputs?: boolean;
  /** The policy's modules are Rego v0. */
  v0Compatible?: boolean;
  /** A failing builtin call aborts the decision, which denies. */
  strictBuiltinErrors?: boolean;
  /** Tool search on: tools/list shows retrieve_tools and the favourites only. */
  toolSearch?: boolean;
  journalInputMaxBytes?: number;
  sandbox?: SandboxMode;
  /** Repeatable; added to the config file's grants. */
  sandboxRead?: string[];
  sandboxWrite?: string[];
  sandboxNetwork?: boolean;
  /** podman/docker: a local image, or (podman) a root directory. */
  sandboxImage?: string;
  /** Start with a signing key group or others can read (warned about). */
  allowInsecureKeyPermissions?: boolean;
  /** The stdio server command and its arguments: everything after `--`. */
  command?: string[];
}

/** node:util parseArgs options for the flags above, plus --config. */
export const RUN_FLAG_OPTIONS = {
  config: { type: 'string' },
  policies: { type: 'string' },
  data: { type: 'string' },
  journal: { type: 'string' },
  'signing-key': { type: 'string' },
  listen: { type: 'string', multiple: true },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  upstream: { type: 'string' },
  name: { type: 'string' },
  'no-auth': { type: 'boolean' },
  'api-keys': { type: 'string' },
  jwks: { type: 'string' },
  'jwt-public-key': { type: 'string' },
  'jwt-issuer': { type: 'string' },
  'jwt-audience': { type: 'string' },
  env: { type: 'string', multiple: true },
  'env-file': { type: 'string' },
  'allowed-origin': { type: 'string', multiple: true },
  'allowed-host': { type: 'string', multiple: true },
  health: { type: 'boolean' },
  'max-message-bytes': { type: 'string' },
  'max-sessions': { type: 'string' },
  'max-sessions-per-principal': { type: 'string' },
  'idle-timeout': { type: 'string' },
  'request-timeout': { type: 'string' },
  'shutdown-grace': { type: 'string' },
  'max-in-flight': { type: 'string' },
  durability: { type: 'string' },
  'journal-inputs': { type: 'boolean' },
  'v0-compatible': { type: 'boolean' },
  'strict-builtin-errors': { type: 'boolean' },
  'tool-search': { type: 'boolean' },
  'journal-input-max-bytes': { type: 'string' },
  sandbox: { type: 'string' },
  'sandbox-read': { type: 'string', multiple: true },
  'sandbox-write': { type: 'string', multiple: true },
  'sandbox-network': { type: 'boolean' },
  'sandbox-image': { type: 'string' },
  'allow-insecure-key-permissions': { type: 'boolean' },
} as const;

const STRINGS = {
  policies: 'policies', data: 'data', journal: 'journal', signingKey: 'signing-key', tlsCert: 'tls-cert', tlsKey: 'tls-key',
  upstream: 'upstream', name: 'name', apiKeys: 'api-keys', jwks: 'jwks', jwtPublicKey: 'jwt-public-key',
  jwtIssuer: 'jwt-issuer', jwtAudience: 'jwt-audience', envFile: 'env-file', sandboxImage: 'sandbox-image',
} as const;
const LISTS = {
  listen: 'listen', env: 'env', allowedOrigins: 'allowed-origin', allowedHosts: 'allowed-host',
  sandboxRead: 'sandbox-read', sandboxWrite: 'sandbox-write',
} as const;
const NUMBERS = {
  maxMessageBytes: 'max-message-bytes', maxSessions: 'max-sessions', maxSessionsPerPrincipal: 'max-sessions-per-principal', idleTimeoutSeconds: 'idle-timeout',
  requestTimeoutSeconds: 'request-timeout', shutdownGraceSeconds: 'shutdown-grace', maxInFlight: 'max-in-flight',
  journalInputMaxBytes: 'journal-input-max-bytes',
} as const;

export interface ParsedRunFlags {
  config?: string;
  flags: FlagSettings;
}

/**
 * `warden run [flags] [-- command...]` into settings. Throws parseArgs' own errors for unknown
 * or value-less flags (the caller reports them as usage errors); a bad number is a diagnostic.
 */
export function parseRunFlags(argv: string[]): { ok: true; parsed: ParsedRunFlags } | { ok: false; errors: ConfigDiagnostic[] } {
  const split = argv.indexOf('--');
  const { values, positionals, tokens } = parseArgs({ args: split === -1 ? argv : argv.slice(0, split), options: RUN_FLAG_OPTIONS, strict: true, allowPositionals: true, tokens: true });
  rejectRepeated(tokens, RUN_FLAG_OPTIONS);
  const errors: ConfigDiagnostic[] = [];
  if (positionals.length > 0) errors.push({ path: '', message: `unexpected argument ${positionals[0]!}; put the server command after --` });
  const flags: FlagSettings = {};
  for (const [key, flag] of Object.entries(STRINGS) as [keyof typeof STRINGS, string][]) {
    if (values[flag as keyof typeof values] !== undefined) flags[key] = values[flag as keyof typeof values] as string;
  }
  for (const [key, flag] of Object.entries(LISTS) as [keyof typeof LISTS, string][]) {
    const list = values[flag as keyof typeof values] as string[] | undefined;
    if (list !== undefined) flags[key] = list;
  }
  for (const [key, flag] of Object.entries(NUMBERS) as [keyof typeof NUMBERS, string][]) {
    const raw = values[flag as keyof typeof values] as string | undefined;
    if (raw === undefined) continue;
    if (/^\d{1,15}$/.test(raw)) flags[key] = Number(raw);
    else errors.push({ path: '', message: `--${flag} needs a whole number` });
  }
  if (values['no-auth'] === true) flags.noAuth = true;
  if (values.health === true) flags.health = true;
  if (values['journal-inputs'] === true) flags.journalInputs = true;
  if (values['v0-compatible'] === true) flags.v0Compatible = true;
  if (values['strict-builtin-errors'] === true) flags.strictBuiltinErrors = true;
  if (values['tool-search'] === true) flags.toolSearch = true;
  if (values['sandbox-network'] === true) flags.sandboxNetwork = true;
  if (values['allow-insecure-key-permissions'] === true) flags.allowInsecureKeyPermissions = true;
  const sandbox = values.sandbox;
  if (sandbox !== undefined && (SANDBOX_MODES as readonly string[]).includes(sandbox)) flags.sandbox = sandbox as SandboxMode;
  else if (sandbox !== undefined) errors.push({ path: '', message: '--sandbox must be auto, bwrap, podman, docker or none' });
  const durability = values.durability;
  if (durability === 'strict' || durability === 'batched') flags.durability = durability;
  else if (durability !== undefined) errors.push({ path: '', message: '--durability must be strict or batched' });
  if (split !== -1) flags.command = argv.slice(split + 1);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, parsed: { config: values.config, flags } };
}
