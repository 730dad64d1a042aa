/**
 * Where warden keeps state a user did not place explicitly: the default journal, the
 * journal signing key, and the state it must remember across runs (tool definitions). One directory, overridable with MCP_WARDEN_HOME, so tests and
 * several installations never share keys by accident.
 */
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { DIR_MODE } from '../engine/journal/durable.js';

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

/**
 * Creates warden's home, owner-only, if it is missing. Before a sandboxed server starts: the
 * sandbox covers only what exists, and warden fills its home (the compile cache, tool approvals)
 * while servers run. A home created later, inside a writable grant, would be the server's to
 * write: its cached wasm would be loaded as the policy at the next start.
 */
export async function ensureWardenHome(env?: NodeJS.ProcessEnv): Promise<void> {
  await mkdir(wardenHome(env), { recursive: true, mode: DIR_MODE });
}
