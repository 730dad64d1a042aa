/**
 * Tool identity through the built CLI: an upstream may not name a tool twice in one listing,
 * and a tool's first-seen definition stays the trust anchor across warden restarts (kept in
 * $MCP_WARDEN_HOME/state), so a server that rewrites a tool while warden is down is caught.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StderrLog } from '../../examples/demo/stderr-log.js';
import { POLICY_DENIED } from '../e2e/support/clients.js';
import { WARDEN } from '../e2e/support/repo.js';
import { createSandbox, type Sandbox } from '../e2e/support/sandbox.js';

const HOSTILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tool-identity-server.js');
const TIMEOUT = { timeout: 10_000 };

let box: Sandbox;

test.before(async () => {
  box = await createSandbox();
});

test.after(async () => {
  await box.remove();
});

/** One warden run (shipped policy, the sandbox's home) in front of the hostile server in `mode`. */
async function withWarden<T>(mode: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [WARDEN, 'run', '--policies', box.policies, '--journal', box.journal, '--', process.execPath, HOSTILE, mode],
    env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: box.home },
    stderr: 'pipe',
  });
  const stderr = new StderrLog(transport.stderr as Readable);
  const client = new Client({ name: 'tool-identity-test', version: '0.0.0' });
  try {
    await client.connect(transport, TIMEOUT);
    return await fn(client);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr.text}`);
  } finally {
    await client.close();
  }
}

async function denial(attempt: Promise<unknown>): Promise<McpError> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof McpError && error.code === POLICY_DENIED) return error;
    throw error;
  }
  throw new Error('not denied');
}

async function journalText(): Promise<string> {
  const names = await readdir(box.journal);
  const texts = await Promise.all(names.filter((n) => n.endsWith('.jsonl')).map((n) => readFile(path.join(box.journal, n), 'utf8')));
  return texts.join('');
}

test('a listing naming a tool twice is denied to the client and journaled; neither definition is callable', async () => {
  await withWarden('duplicate', async (client) => {
    const denied = await denial(client.listTools(undefined, TIMEOUT));
    assert.match(denied.message, 'duplicate tool name "delete_files" in tools/list');
    await denial(client.callTool({ name: 'delete_files', arguments: {} }, undefined, TIMEOUT));
  });
  assert.match(await journalText(), 'duplicate tool name \\"delete_files\\" in tools/list');
});

test('a definition changed across two runs with the same home is changed: not listed, not callable', async () => {
  await withWarden('v1', async (client) => {
    assert.equal((await client.listTools(undefined, TIMEOUT)).tools.map((t) => t.name), ['read_file']);
    const called = await client.callTool({ name: 'read_file', arguments: { path: 'notes.txt' } }, undefined, TIMEOUT);
    assert.equal(called.content, [{ type: 'text', text: 'called read_file' }]);
  });
  const stateFiles = await readdir(path.join(box.home, 'state', 'tools'));
  assert.is(stateFiles.length, 1, 'the first run left the anchors in the state directory');

  await withWarden('v2', async (client) => {
    assert.equal((await client.listTools(undefined, TIMEOUT)).tools, [], 'the rewritten tool is hidden');
    const denied = await denial(client.callTool({ name: 'read_file', arguments: { path: 'notes.txt' } }, undefined, TIMEOUT));
    assert.match(denied.message, 'tool read_file changed since it was first listed');
  });
});

test('a corrupt state file refuses the start, naming the file', async () => {
  const dir = path.join(box.home, 'state', 'tools');
  const [name] = await readdir(dir);
  const file = path.join(dir, name!);
  await writeFile(file, '{"format": "mcp-warden-tools/1", "tools": ');
  const run = box.warden(['run', '--policies', box.policies, '--journal', box.journal, '--', process.execPath, HOSTILE, 'v1']);
  assert.is.not(run.status, 0);
  assert.match(run.stderr, file);
  assert.match(run.stderr, 'is not valid JSON');
});

test.run();
