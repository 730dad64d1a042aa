/**
 * MCP SDK clients for the end-to-end tests: one through `warden run` (the built CLI), one
 * straight to the example server, so results can be compared call for call.
 */
import type { Readable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { StderrLog } from '../../../examples/demo/stderr-log.js';
import { WARDEN, WORKSPACE_SERVER } from './repo.js';
import type { Sandbox } from './sandbox.js';

export const POLICY_DENIED = -32003;

export interface Connected {
  client: Client;
  /** warden's (and the server's) stderr. */
  stderr: StderrLog;
  close(): Promise<void>;
}

export interface WardenRunOptions {
  /** More `warden run` flags, before `--`. */
  flags?: string[];
  /** The server script node runs upstream on box.workspace (default: the example workspace server). */
  server?: string;
  /** Journal where warden does by default, in the sandbox's warden home, instead of box.journal. */
  defaultJournal?: boolean;
  /** Connect without listing the tools first (default: listed, as a client does before calling). */
  listTools?: false;
}

export async function throughWarden(box: Sandbox, options: WardenRunOptions = {}): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      WARDEN, 'run', '--policies', box.policies, ...(options.defaultJournal ? [] : ['--journal', box.journal]), ...(options.flags ?? []),
      '--', process.execPath, options.server ?? WORKSPACE_SERVER, box.workspace,
    ],
    env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: box.home },
    stderr: 'pipe',
  });
  // With stderr: 'pipe' the SDK hands out a PassThrough at once, before the process starts.
  const stderr = new StderrLog(transport.stderr as Readable);
  const connected = await connect(transport, stderr);
  // As an agent does before its first call: warden checks a call's arguments against the schema
  // the tool was listed with, and refuses a tool never listed.
  if (options.listTools !== false) await connected.client.listTools();
  return connected;
}

/** `warden run --config FILE`, whose upstreams the config names, journaling to box.journal. */
export async function throughWardenConfig(box: Sandbox, config: string): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath, args: [WARDEN, 'run', '--config', config, '--journal', box.journal], env: box.env as Record<string, string>, stderr: 'pipe',
  });
  return connect(transport, new StderrLog(transport.stderr as Readable));
}

export async function direct(box: Sandbox): Promise<Connected> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [WORKSPACE_SERVER, box.workspace], stderr: 'pipe' });
  return connect(transport, new StderrLog(transport.stderr as Readable));
}

async function connect(transport: StdioClientTransport, stderr: StderrLog): Promise<Connected> {
  const client = new Client({ name: 'mcp-warden-e2e', version: '0.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    await client.close();
    throw new Error(`cannot connect: ${error instanceof Error ? error.message : String(error)}\n${stderr.text}`);
  }
  return { client, stderr, close: () => client.close() };
}

/** The policy denial a call ends in; fails the test when the call succeeds or fails otherwise. */
export async function denialOf(client: Client, name: string, args: Record<string, unknown>): Promise<McpError> {
  const error = await errorOf(client.callTool({ name, arguments: args }), `${name} was not denied`);
  if (error.code !== POLICY_DENIED) throw error;
  return error;
}

/** The MCP error a call ends in, whatever its code; fails the test when the call succeeds. */
export async function errorOf(call: Promise<unknown>, unexpected = 'expected the call to fail'): Promise<McpError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof McpError) return error;
    throw error;
  }
  throw new Error(unexpected);
}

export async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((tool) => tool.name).sort();
}

/** The text parts of a tool result, joined. */
export function callText(result: unknown): string {
  return ((result as CallToolResult).content ?? []).map((c) => ('text' in c ? c.text : '')).join('');
}
