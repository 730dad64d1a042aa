/**
 * `warden run`: the policy firewall in front of one MCP server, for clients over stdio,
 * Streamable HTTP or WebSocket. Under a stdio listener stdout is the client's JSON-RPC stream,
 * so every word warden says goes to stderr, always.
 */
import { Console } from 'node:console';
import { formatDiagnostic, type ConfigDiagnostic } from '../config/diagnostic.js';
import { checkTlsFiles } from '../config/check-tls.js';
import { parseRunFlags } from '../config/flags.js';
import { loadConfigFile, type Locate } from '../config/load.js';
import { resolveConfig } from '../config/merge.js';
import type { WardenConfig } from '../config/types.js';
import { ApiKeyFileError } from '../../transports/auth/api-key-file.js';
import { createAuthenticator } from '../authenticator.js';
import { GatewayStartError } from '../gateway.js';
import { loadOrCreateKeys } from '../keys.js';
import { errorMessage, stderrLogger, type Logger } from '../log.js';
import { serve, type Served } from '../serve.js';
import type { RunInputs } from '../protected-paths.js';
import { CommandFailure, EXIT_FAILURE, EXIT_USAGE, UsageError, type Command } from '../usage.js';

const usage = `Usage: warden run --policies DIR [options] (--upstream URL | -- <server command> [args...])
       warden run --config FILE [options] [-- <server command> [args...]]

Runs an MCP server behind the policy firewall. Every message in both directions is decided by
the policies in DIR and journaled. Editing a policy file reloads it; a broken edit keeps the
last good policy.

Policy and journal:
  --config FILE          YAML or JSON config (docs/config.md); flags override it
  --policies DIR         policy directory (*.rego, optional data.json/data.yaml)
  --data FILE            base data document (JSON or YAML), reloaded when it changes
  --v0-compatible        parse the policy as Rego v0, as opa's flag of that name (a module
                         importing rego.v1 stays v1); config: rego_version: 0
  --strict-builtin-errors
                         a builtin call that fails (1 / 0, to_number("x")) aborts the
                         decision, which denies, instead of being undefined as in OPA
                         (where a deny rule that needs it does not fire);
                         config: strict_builtin_errors: true
  --journal DIR          audit journal directory (default: $MCP_WARDEN_HOME/journal)
  --signing-key FILE     Ed25519 key (PEM) signing the journal; created if missing
                         (default: $MCP_WARDEN_HOME/signing-key.pem)
  --allow-insecure-key-permissions
                         start with a signing key group or others can read (warns);
                         refused otherwise, as is a key inside the journal directory
  --durability MODE      batched (default): write before acting, fdatasync within 10 ms (an OS
                         crash or power loss can lose the last 10 ms of entries, a warden crash
                         none); strict: fdatasync each decision before acting on it
  --journal-inputs       also journal each decision's input, after the policy's redactions,
                         so "warden replay" can re-decide it under another policy (off by
                         default: inputs hold message payloads)
  --journal-input-max-bytes N
                         inputs larger than N bytes are journaled as omitted (default 65536)
  --tool-search          tools/list shows only retrieve_tools (a search over the tools the
                         policy allows) and the config file's tool_search.favourites
Clients (repeat --listen for several listeners):
  --listen URL           stdio (default), http://127.0.0.1:8080/mcp, https://...,
                         ws://127.0.0.1:8081/mcp or wss://...; port 0 picks a free port
  --tls-cert FILE        certificate chain (PEM) for https:// and wss:// listeners
  --tls-key FILE         private key (PEM) for https:// and wss:// listeners
  --allowed-origin ORIGIN  an Origin allowed to call (repeatable; others get 403)
  --allowed-host HOST    a Host header allowed (repeatable; default: the listen address)
  --health               network listeners answer GET /healthz (200 while up) and /readyz
                         (503 while stopping or full), without Host, Origin or auth checks
Authentication (network listeners require one):
  --api-keys FILE        hashed API keys (see "warden api-key")
  --jwks URL             verify bearer JWTs against this JWKS
  --jwt-public-key FILE  verify bearer JWTs with this public key (PEM or JWK)
  --jwt-issuer ISS       required iss claim
  --jwt-audience AUD     required aud claim
  --no-auth              no authentication (loopback listeners only)
Upstream:
  --upstream URL         http(s):// (Streamable HTTP, legacy HTTP+SSE fallback) or ws(s)://
  -- CMD ARGS...         a stdio server, started once per client session
  --name NAME            upstream name seen by policies (default: command basename or host)
  --env NAME=VALUE       environment for a stdio server (repeatable; never logged)
  --env-file FILE        NAME=VALUE lines for a stdio server's environment
Sandbox (stdio servers; docs/sandbox.md):
  --sandbox MODE         auto (default): bubblewrap when it works here, else podman on the
                         host's system, else unconfined with a warning; bwrap, podman,
                         docker: refuse to start without it; none: unconfined
  --sandbox-read PATH    a path the server may read (repeatable)
  --sandbox-write PATH   a path the server may read and write (repeatable)
  --sandbox-network      let the server use the network (off by default)
  --sandbox-image IMAGE  podman, docker: run a local image (never pulled), or for podman an
                         absolute path to a root directory (default: the host's system)
                         Always visible: the system (read-only), the server's program and
                         scripts' projects (read-only), directories named in its arguments
                         (read-write). Never: warden's home, journal and signing key.
Limits:
  --max-message-bytes N  largest message either way (default 4194304)
  --max-sessions N       concurrent client sessions (default 256)
  --max-sessions-per-principal N
                         concurrent sessions of one principal (API key, token subject);
                         0: no limit of its own (default 0)
  --idle-timeout S       close a session idle this long, 0 = never (default 900)
  --request-timeout S    answer and cancel a request unanswered this long (default 120)
  --shutdown-grace S     on SIGINT/SIGTERM, let in-flight requests finish, then abandon what is left (default 10)
  --max-in-flight N      requests each side of a session may have in flight; more are refused (default 1024)
  -h, --help             show this help

MCP_WARDEN_HOME defaults to ~/.mcp-warden. Logs go to stderr; each network listener prints
"listening on URL" when ready.
Exit codes: 0 stopped or the stdio client ended the session, 1 failure (policy, journal,
server), 2 usage or configuration error.`;

export const runCommand: Command = {
  summary: 'run an MCP server behind the policy firewall (stdio, HTTP or WebSocket)',
  usage,
  async run(argv) {
    const { config, allowInsecureKeyPermissions, inputs } = await settingsFrom(argv);
    return serveCommand(config, allowInsecureKeyPermissions === true, inputs);
  },
};

async function settingsFrom(argv: string[]): Promise<{ config: WardenConfig; allowInsecureKeyPermissions?: boolean; inputs: RunInputs }> {
  let flags;
  try {
    flags = parseRunFlags(argv);
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
  if (!flags.ok) throw new UsageError(flags.errors.map(formatDiagnostic).join('\n'));
  const { config: file, flags: settings } = flags.parsed;
  let fromFile;
  let locate: Locate = (d) => d;
  const envFiles = settings.envFile === undefined ? [] : [settings.envFile];
  if (file !== undefined) {
    const loaded = await loadConfigFile(file);
    if (!loaded.ok) throw configFailure(loaded.errors);
    fromFile = loaded.config;
    locate = loaded.locate;
    envFiles.push(...loaded.envFiles);
  }
  const merged = resolveConfig(fromFile, settings);
  const tlsFromFile = file !== undefined && settings.tlsCert === undefined && settings.tlsKey === undefined;
  const resolved = Array.isArray(merged) ? merged : orProblems(merged, checkTlsFiles(merged.listen, tlsFromFile));
  if (!Array.isArray(resolved)) {
    return { config: resolved, allowInsecureKeyPermissions: settings.allowInsecureKeyPermissions, inputs: { configFile: file, envFiles } };
  }
  // Only flags were given: the usage text helps. With a file it would bury the diagnostics.
  if (file === undefined) throw new UsageError(resolved.map(formatDiagnostic).join('\n'));
  throw configFailure(resolved.map(locate));
}

function orProblems(config: WardenConfig, problems: ConfigDiagnostic[]): WardenConfig | ConfigDiagnostic[] {
  return problems.length > 0 ? problems : config;
}

/** Exit 2 like a usage error. */
function configFailure(errors: ConfigDiagnostic[]): CommandFailure {
  return new CommandFailure(`invalid configuration:\n${errors.map(formatDiagnostic).join('\n')}`, EXIT_USAGE);
}

async function serveCommand(config: WardenConfig, allowInsecureKeyPermissions: boolean, inputs: RunInputs): Promise<number> {
  // A policy's print() goes through console.log; under a stdio listener stdout is the client's.
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  const log = stderrLogger();
  const keys = await loadOrCreateKeys(config.journal.signingKeyFile, {
    journalDir: config.journal.dir, allowInsecurePermissions: allowInsecureKeyPermissions, warn: (message) => log.info(message),
  }).catch((error: unknown) => {
    throw new CommandFailure(`cannot use the signing key ${config.journal.signingKeyFile}: ${errorMessage(error)}`);
  });
  const authenticator = await createAuthenticator(config.auth).catch((error: unknown) => {
    // The key file is configuration: its problems are diagnostics at file:line:col, exit 2.
    if (error instanceof ApiKeyFileError) throw new CommandFailure(`invalid configuration:\n${error.message}`, EXIT_USAGE);
    throw new CommandFailure(`cannot set up authentication: ${errorMessage(error)}`);
  });
  let served: Served;
  try {
    served = await serve({ config, inputs, keys, authenticator, log });
  } catch (error) {
    if (error instanceof GatewayStartError) return EXIT_FAILURE;
    throw error;
  }
  logStarted(log, config, served.journalDir);
  const stop = (): void => void served.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const exit = await served.done;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (exit.code !== 0) log.error(exit.reason);
  return exit.code;
}

/** Names the upstream without its arguments or environment: either may carry a secret. */
function logStarted(log: Logger, config: WardenConfig, journalDir: string): void {
  const upstreams = (config.upstreams ?? [config.upstream]).map((upstream) => {
    const target = upstream.command ? `stdio server ${upstream.command[0]}` : new URL(upstream.url ?? '').origin;
    const replicas = upstream.endpoints?.length ? ` +${upstream.endpoints.length} endpoints` : '';
    return `${upstream.name} (${target}${replicas})`;
  });
  log.info(`proxying ${upstreams.join(', ')} with auth ${config.auth.mode}; journal ${journalDir}`);
}
