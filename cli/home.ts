/**
 * Where warden keeps state a user did not place explicitly: the default journal, the
 * journal signing key, and the state it must remember across runs (tool definitions). One directory, overridable with MCP_WARDEN_HOME, so tests and
 * several installations never share keys by accident.
 */
import { homedir } from 'node:os';
import path from 'node:path';

export function wardenHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.MCP_WARDEN_HOME || path.join(homedir(), '.mcp-warden');
}

export function defaultJournalDir(env?: NodeJS.ProcessEnv): string {
  return path.join(wardenHome(env), 'journal');
}

export function defaultSigningKeyFile(env?: NodeJS.ProcessEnv): string {
  return path.join(wardenHome(env), 'signing-key.pem');
}

/** What warden remembers between runs, such as each upstream's first-seen tool definitions. */
export function defaultStateDir(env?: NodeJS.ProcessEnv): string {
  return path.join(wardenHome(env), 'state');
}
