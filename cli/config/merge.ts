/**
 * `warden run`'s final settings: flags over the config file over defaults, then the checks
 * that only make sense on the combination (authentication against the listeners, TLS against
 * the schemes, exactly one upstream). Every problem is reported, not just the first.
 */
import path from 'node:path';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../transports/framing/message-codec.js';
import { defaultJournalDir, defaultSigningKeyFile } from '../home.js';
import type { ConfigDiagnostic } from './diagnostic.js';
import type { FlagSettings } from './flags.js';
import { mergeAuth } from './merge-auth.js';
import { mergeListeners } from './merge-listeners.js';
import { mergeToolSearch } from './merge-tool-search.js';
import { mergeUpstream } from './merge-upstream.js';
import { mergeUpstreams } from './merge-upstreams.js';
import type { PartialConfig } from './partial.js';
import { inputMaxBytesBounds, limitBounds, type LimitName } from './schema-rules.js';
import type { LimitsConfig, RoutingConfig, WardenConfig } from './types.js';

export const DEFAULT_LIMITS: Readonly<LimitsConfig> = {
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  maxSessions: 256,
  maxSessionsPerPrincipal: 0,
  idleTimeoutSeconds: 900,
  requestTimeoutSeconds: 120,
  shutdownGraceSeconds: 10,
  maxInFlight: 1024,
};

/** `env` locates the default journal and signing key (MCP_WARDEN_HOME). */
export function resolveConfig(file: PartialConfig | undefined, flags: FlagSettings, env: NodeJS.ProcessEnv = process.env): WardenConfig | ConfigDiagnostic[] {
  const errors: ConfigDiagnostic[] = [];
  const policies = flagPath(flags.policies) ?? file?.policies;
  if (policies === undefined) errors.push({ path: '/policies', message: 'no policy directory: give --policies DIR or policies: in the config file' });
  const listen = mergeListeners(file?.listen, flags, errors);
  const auth = mergeAuth(file?.auth, flags, listen, errors);
  const upstreams = file?.upstreams ? mergeUpstreams(file.upstreams, flags, errors) : undefined;
  const upstream = file?.upstreams ? upstreams?.[0] : mergeUpstream(file?.upstream, flags, errors);
  // Said rather than ignored: an operator who tuned failover timeouts expects them to apply.
  if (file?.routing && !file.upstreams) errors.push({ path: '/routing', message: 'routing: applies to upstreams: (several servers behind one session); a single upstream: has no routing', inFile: true });
  const limits = mergeLimits(file?.limits, flags, errors);
  const journalInputMaxBytes = inputMaxBytes(file?.journal?.inputMaxBytes, flags, errors);
  if (errors.length > 0 || policies === undefined || upstream === undefined) return errors;
  const config: WardenConfig = {
    policies,
    regoVersion: flags.v0Compatible === true ? 0 : file?.regoVersion ?? 1,
    strictBuiltinErrors: flags.strictBuiltinErrors === true || file?.strictBuiltinErrors === true,
    toolSearch: mergeToolSearch(file?.toolSearch, flags),
    journal: {
      dir: flagPath(flags.journal) ?? file?.journal?.dir ?? defaultJournalDir(env),
      signingKeyFile: flagPath(flags.signingKey) ?? file?.journal?.signingKeyFile ?? defaultSigningKeyFile(env),
      durability: flags.durability ?? file?.journal?.durability ?? 'batched',
      syncWithinMs: file?.journal?.syncWithinMs ?? 10,
      recordInputs: flags.journalInputs ?? file?.journal?.recordInputs ?? false,
      inputMaxBytes: journalInputMaxBytes,
    },
    listen,
    auth,
    upstream,
    limits,
  };
  if (upstreams) {
    config.upstreams = upstreams;
    config.routing = { ...DEFAULT_ROUTING, ...file?.routing };
  }
  const data = flagPath(flags.data) ?? file?.data;
  if (data !== undefined) config.data = data;
  return config;
}

export const DEFAULT_ROUTING: Readonly<RoutingConfig> = { attemptTimeoutMs: 10_000, fanOutTimeoutMs: 10_000, reconnectMaxMs: 30_000 };

/** Inputs above this many JSON bytes are journaled as omitted (`record_inputs` only). */
export const DEFAULT_INPUT_MAX_BYTES = 65_536;

/** Paths on the command line are relative to where warden was started. */
function flagPath(p: string | undefined): string | undefined {
  return p === undefined ? undefined : path.resolve(p);
}

const LIMIT_FLAGS: [keyof LimitsConfig, LimitName, string][] = [
  ['maxMessageBytes', 'max_message_bytes', '--max-message-bytes'],
  ['maxSessions', 'max_sessions', '--max-sessions'],
  ['maxSessionsPerPrincipal', 'max_sessions_per_principal', '--max-sessions-per-principal'],
  ['idleTimeoutSeconds', 'idle_timeout_seconds', '--idle-timeout'],
  ['requestTimeoutSeconds', 'request_timeout_seconds', '--request-timeout'],
  ['shutdownGraceSeconds', 'shutdown_grace_seconds', '--shutdown-grace'],
  ['maxInFlight', 'max_in_flight', '--max-in-flight'],
];

/** Flag values get the bounds the schema gives the file's fields. */
function mergeLimits(file: Partial<LimitsConfig> | undefined, flags: FlagSettings, errors: ConfigDiagnostic[]): LimitsConfig {
  const limits = { ...DEFAULT_LIMITS, ...file };
  for (const [key, field, flag] of LIMIT_FLAGS) {
    const value = flags[key];
    if (value === undefined) continue;
    const { minimum, maximum } = limitBounds(field);
    if (!Number.isInteger(value) || value < minimum || value > maximum) {
      errors.push({ path: `/limits/${field}`, message: `${flag} must be a whole number from ${minimum} to ${maximum}` });
    }
    limits[key] = value;
  }
  return limits;
}

/** The flag gets the bounds the schema gives `journal.input_max_bytes`. */
function inputMaxBytes(file: number | undefined, flags: FlagSettings, errors: ConfigDiagnostic[]): number {
  const value = flags.journalInputMaxBytes;
  if (value === undefined) return file ?? DEFAULT_INPUT_MAX_BYTES;
  const { minimum, maximum } = inputMaxBytesBounds();
  if (value < minimum || value > maximum) {
    errors.push({ path: '/journal/input_max_bytes', message: `--journal-input-max-bytes must be a whole number from ${minimum} to ${maximum}` });
  }
  return value;
}
