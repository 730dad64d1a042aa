/**
 * `warden run`: warden as the stdio MCP server a client launches, in front of the real server
 * it spawns. stdout is the client's JSON-RPC stream, so every word warden says goes to stderr.
 */
import { Console } from 'node:console';
import path from 'node:path';
import { anonymousPrincipal } from '../../engine/session/index.js';
import type { Authenticator } from '../../transports/auth/authenticator.js';
import type { WardenConfig } from '../config/types.js';
import { GatewayStartError } from '../gateway.js';
import { serve, type Served } from '../serve.js';
import { defaultJournalDir, defaultSigningKeyFile } from '../home.js';
import { loadOrCreateKeys } from '../keys.js';
import { errorMessage, stderrLogger } from '../log.js';
import { CommandFailure, EXIT_FAILURE, optionalString, parse, requiredString, UsageError, type Command } from '../usage.js';

const usage = `Usage: warden run --policies DIR [options] -- <server command> [args...]

Runs an MCP server behind the policy firewall. Speak MCP over stdio to warden as you would to
the server; every message in both directions is decided by the policies in DIR and journaled.
Editing a policy file reloads it; a broken edit keeps the last good policy.

Options:
  --policies DIR       policy directory (*.rego, optional data.json/data.yaml)   (required)
  --data FILE          base data document (JSON or YAML) instead of the directory's own;
                       reloaded when it changes
  --journal DIR        audit journal directory (default: $MCP_WARDEN_HOME/journal)
  --signing-key FILE   Ed25519 key (PEM) signing the journal; created if missing
                       (default: $MCP_WARDEN_HOME/signing-key.pem)
  --name NAME          upstream name seen by policies (default: the command's basename)
  -h, --help           show this help

MCP_WARDEN_HOME defaults to ~/.mcp-warden. Logs go to stderr; stdout carries JSON-RPC only.
Exit codes: 0 the client ended the session, 1 failure (policy, journal, server), 2 usage error.`;

const options = {
  policies: { type: 'string' },
  journal: { type: 'string' },
  'signing-key': { type: 'string' },
  name: { type: 'string' },
  data: { type: 'string' },
} as const;

export const runCommand: Command = {
  summary: 'run an MCP server (stdio) behind the policy firewall',
  usage,
  async run(argv) {
    const split = argv.indexOf('--');
    const parsed = parse(split === -1 ? argv : argv.slice(0, split), options);
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument ${parsed.positionals[0]}; put the server command after --`);
    const command = split === -1 ? [] : argv.slice(split + 1);
    if (command.length === 0) throw new UsageError('missing the server command after --');
    return serveCommand({
      policyDir: requiredString(parsed.values, 'policies'),
      dataFile: optionalString(parsed.values, 'data'),
      journalDir: optionalString(parsed.values, 'journal') ?? defaultJournalDir(),
      keyFile: optionalString(parsed.values, 'signing-key') ?? defaultSigningKeyFile(),
      name: optionalString(parsed.values, 'name') ?? path.basename(command[0]!),
      command,
    });
  },
};

interface RunSettings {
  policyDir: string;
  dataFile?: string;
  journalDir: string;
  keyFile: string;
  name: string;
  command: string[];
}

async function serveCommand(settings: RunSettings): Promise<number> {
  // stdout carries JSON-RPC; anything printed with console (a policy's print() goes through the
  // SDK's console.log) must not corrupt it
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  const log = stderrLogger();
  const keys = await loadOrCreateKeys(settings.keyFile).catch((error: unknown) => {
    throw new CommandFailure(`cannot use the signing key ${settings.keyFile}: ${errorMessage(error)}`);
  });
  const config: WardenConfig = {
    policies: settings.policyDir,
    data: settings.dataFile,
    journal: { dir: settings.journalDir, signingKeyFile: settings.keyFile },
    listen: [{ url: 'stdio', allowedOrigins: [], allowedHosts: [] }],
    auth: { mode: 'none' },
    upstream: { name: settings.name, command: settings.command, env: {}, headers: {} },
    limits: { maxMessageBytes: 4 * 1024 * 1024, maxSessions: 256, idleTimeoutSeconds: 0, requestTimeoutSeconds: 0, shutdownGraceSeconds: 10 },
  };
  let served: Served;
  try {
    served = await serve({ config, keys, authenticator: noAuthenticator, log });
  } catch (error) {
    if (error instanceof GatewayStartError) return EXIT_FAILURE;
    throw error;
  }
  log.info(`proxying ${settings.command.join(' ')}; journal ${settings.journalDir}`);
  const stop = (): void => void served.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const exit = await served.done;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (exit.code !== 0) log.error(exit.reason);
  return exit.code;
}

const noAuthenticator: Authenticator = {
  scheme: 'none',
  authenticate: async () => ({ ok: true, principal: anonymousPrincipal() }),
};
