/**
 * The workspace server's four tools. Annotations are what a policy can key on before a call
 * ever runs (read-only vs destructive vs open-world), so they are stated precisely rather
 * than left to the SDK's defaults.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { runCommand } from './run-command.js';
import type { Workspace } from './workspace.js';

export interface ToolSettings {
  /** run_command is killed after this long. */
  readonly commandTimeoutMs: number;
}

export function registerWorkspaceTools(server: McpServer, workspace: Workspace, settings: ToolSettings): void {
  server.registerTool(
    'read_file',
    {
      title: 'Read file',
      description: 'Read a UTF-8 text file inside the workspace (at most 1 MiB).',
      inputSchema: { path: z.string().min(1).describe('File path, relative to the workspace root') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ path }) => text(await workspace.readText(path)),
  );

  server.registerTool(
    'write_file',
    {
      title: 'Write file',
      description: 'Create or overwrite a UTF-8 text file inside the workspace; missing parent directories are created.',
      inputSchema: {
        path: z.string().min(1).describe('File path, relative to the workspace root'),
        content: z.string().describe('The complete new content of the file'),
      },
      // Overwrites without a trace, but writing the same content twice changes nothing more.
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ path, content }) => text(`wrote ${await workspace.writeText(path, content)} bytes to ${path}`),
  );

  server.registerTool(
    'list_files',
    {
      title: 'List files',
      description: 'List the entries of a directory inside the workspace; directories end with "/".',
      inputSchema: { path: z.string().optional().describe('Directory, relative to the workspace root (default: the root)') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ path }) => {
      const entries = await workspace.list(path);
      return text(entries.map((entry) => (entry.type === 'directory' ? `${entry.name}/` : entry.name)).join('\n'));
    },
  );

  server.registerTool(
    'run_command',
    {
      title: 'Run command',
      description: `Run a program (no shell) in the workspace root and return its exit code and output. Killed after ${settings.commandTimeoutMs} ms.`,
      inputSchema: {
        command: z.string().min(1).describe('Program name (looked up on PATH) or path; shell syntax is not interpreted'),
        args: z.array(z.string()).optional().describe('Arguments, passed verbatim'),
      },
      // A program can do anything, including reach the network.
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async ({ command, args }) => {
      const result = await runCommand(command, args ?? [], workspace.root, settings.commandTimeoutMs);
      const report = [`exit code: ${result.exitCode ?? 'none'}`, '--- stdout ---', result.stdout, '--- stderr ---', result.stderr];
      if (result.failure) report.unshift(`failed: ${result.failure}`);
      return { ...text(report.join('\n')), isError: result.failure !== undefined };
    },
  );
}

function text(value: string): CallToolResult {
  return { content: [{ type: 'text', text: value }] };
}
