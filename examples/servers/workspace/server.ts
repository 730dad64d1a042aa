#!/usr/bin/env node
/**
 * Example MCP server for the mcp-warden demo: real file and process access under one root
 * directory, spoken over stdio. Deliberately powerful (it writes files and runs programs),
 * so there is something worth putting a policy in front of.
 *
 *   node dist/examples/servers/workspace/server.js <root>
 *   WORKSPACE_ROOT=<root> node dist/examples/servers/workspace/server.js
 *
 * stdout carries the protocol; everything human-readable goes to stderr.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { registerWorkspaceTools } from './tools.js';
import { Workspace } from './workspace.js';

const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  // An explicit root only: defaulting to the cwd would expose whatever directory it was started in.
  const root = process.argv[2] ?? process.env.WORKSPACE_ROOT;
  if (!root) {
    process.stderr.write('usage: server.js <root>   (or set WORKSPACE_ROOT)\n');
    process.exit(2);
  }
  const workspace = await Workspace.open(root);
  const server = new McpServer({ name: 'workspace', version: '0.1.0' });
  registerWorkspaceTools(server, workspace, { commandTimeoutMs: commandTimeoutMs() });
  await server.connect(new StdioServerTransport());
  process.stderr.write(`workspace server ready, root ${workspace.root}\n`);
}

function commandTimeoutMs(): number {
  const configured = Number(process.env.WORKSPACE_COMMAND_TIMEOUT_MS);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_COMMAND_TIMEOUT_MS;
}

main().catch((error: unknown) => {
  process.stderr.write(`workspace server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
