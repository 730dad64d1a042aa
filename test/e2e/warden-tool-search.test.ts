/**
 * Tool search end to end: `warden run --tool-search` in front of a server with the whole shipped
 * catalog (323 real tools). tools/list shows retrieve_tools and the visible favourites only;
 * retrieve_tools finds tools by what they do; a tool the policy hides is never returned, and
 * calling it by name is still denied; the search is journaled as a decision.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { StderrLog } from '../../examples/demo/stderr-log.js';
import { denialOf } from './support/clients.js';
import { WARDEN } from './support/repo.js';
import { createSandbox, type Sandbox } from './support/sandbox.js';

const CATALOG_SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'catalog-server.js');

// Everything is allowed except mongodb's drop-* tools, which the listing probe therefore hides.
const POLICY = `package mcp

import rego.v1

default allow := false

allow if input.method != "tools/call"

allow if {
	input.method == "tools/call"
	not startswith(input.params.name, "mongodb__drop")
}
`;

const CONFIG = `tool_search:
  enabled: false
  favourites: [filesystem__read_text_file, mongodb__drop-database]
  max_results: 10
`;

interface Found { tools: { name: string; inputSchema: object }[] }

/** `policies`: a directory to use instead of the test's own POLICY. */
async function start(box: Sandbox, policies?: string): Promise<{ client: Client; stderr: StderrLog }> {
  if (policies === undefined) {
    await mkdir(path.join(box.dir, 'search-policy'));
    await writeFile(path.join(box.dir, 'search-policy', 'mcp.rego'), POLICY);
  }
  await writeFile(path.join(box.dir, 'warden.yaml'), CONFIG);
  const transport = new StdioClientTransport({
    command: process.execPath,
    // The file leaves search off: the flag switches it on, the favourites come from the file.
    args: [WARDEN, 'run', '--config', path.join(box.dir, 'warden.yaml'), '--tool-search', '--sandbox', 'none',
      '--policies', policies ?? path.join(box.dir, 'search-policy'), '--journal', box.journal, '--', process.execPath, CATALOG_SERVER],
    env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: box.home },
    stderr: 'pipe',
  });
  const stderr = new StderrLog(transport.stderr as Readable);
  const client = new Client({ name: 'tool-search-e2e', version: '0.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`cannot connect: ${String(error)}\n${stderr.text}`);
  }
  return { client, stderr };
}

async function search(client: Client, query: string, limit?: number): Promise<string[]> {
  const result = await client.callTool({ name: 'retrieve_tools', arguments: { query, ...(limit ? { limit } : {}) } });
  const found = result.structuredContent as unknown as Found;
  for (const tool of found.tools) assert.type(tool.inputSchema, 'object');
  return found.tools.map((t) => t.name);
}

test('tools/list shows retrieve_tools and visible favourites; search finds allowed tools only', async () => {
  const box = await createSandbox();
  try {
    const { client } = await start(box);
    try {
      const listed = (await client.listTools()).tools.map((t) => t.name);
      assert.equal(listed, ['retrieve_tools', 'filesystem__read_text_file']);
      const pr = await search(client, 'create a new pull request');
      assert.ok(pr.includes('github-legacy__create_pull_request'), pr.join(' '));
      const screenshot = await search(client, 'take a screenshot of the web page', 3);
      assert.is(screenshot.length, 3);
      assert.ok(screenshot.some((n) => n.endsWith('screenshot')), screenshot.join(' '));
      const drops = await search(client, 'drop database drop collection drop index mongodb', 10);
      assert.is(drops.length, 10);
      assert.not.ok(drops.some((n) => n.startsWith('mongodb__drop')), drops.join(' '));
      // Found or not, a call still goes through the policy.
      const called = await client.callTool({ name: 'github-legacy__create_pull_request', arguments: {} });
      assert.equal(called.content, [{ type: 'text', text: 'called github-legacy__create_pull_request' }]);
      await denialOf(client, 'mongodb__drop-database', { database: 'x' });
    } finally {
      await client.close();
    }
    const searches = (await readEntries(box.journal)).filter((e) => e.tool === 'retrieve_tools');
    assert.is(searches.length, 3);
    for (const entry of searches) {
      assert.is(entry.action, 'answer');
      assert.is(entry.allow, true);
      assert.ok(Array.isArray(entry.retrieved_tools));
    }
  } finally {
    await box.remove();
  }
});

test('with the shipped policy and quarantine on, search is allowed and finds no unapproved tool', async () => {
  const box = await createSandbox({ quarantine: true });
  try {
    const { client } = await start(box, box.policies);
    try {
      assert.equal((await client.listTools()).tools.map((t) => t.name), ['retrieve_tools']);
      assert.equal(await search(client, 'read a file'), []);
    } finally {
      await client.close();
    }
  } finally {
    await box.remove();
  }
});

test.run();
