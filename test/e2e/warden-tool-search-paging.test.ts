/**
 * Tool search over upstreams that page their tools/list (the fixture pages by two): the client
 * lists once, without following any cursor, and retrieve_tools still finds a tool from the last
 * page, behind one upstream and behind the aggregate router over two. The warden fetched the
 * pages itself, each decided and journaled; a page the policy denies ends the listing with what
 * is known instead of holding the client up.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { StderrLog } from '../../examples/demo/stderr-log.js';
import { WARDEN } from './support/repo.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'paging-server.js');

const ALLOW_ALL = 'package mcp\n\nimport rego.v1\n\nallow := true\n';

// The warden's own page requests carry a cursor: denying those stops the listing after page 1.
const NO_CURSORS = `package mcp

import rego.v1

default allow := false

allow if not paged_request

paged_request if {
	input.kind == "request"
	input.method == "tools/list"
	input.params.cursor
}
`;

interface Warden { client: Client; stderr: StderrLog; journal: string; dir: string }

/** `upstreams`: YAML upstream entries for an aggregating session; none = `run -- fixture`. */
async function start(policy: string, upstreams: string[] = []): Promise<Warden> {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-search-paging-'));
  const policies = path.join(dir, 'policy');
  await mkdir(policies);
  await writeFile(path.join(policies, 'mcp.rego'), policy);
  const journal = path.join(dir, 'journal');
  const log = path.join(dir, 'servers.log');
  const config = path.join(dir, 'warden.yaml');
  const server = (label: string): string => JSON.stringify([process.execPath, FIXTURE, label, log]);
  await writeFile(config, [
    'tool_search: { enabled: true, favourites: [] }',
    ...(upstreams.length > 0 ? ['upstreams:', ...upstreams.map((u) => `  - { name: ${u}, command: ${server(u)}, sandbox: { mode: none } }`)] : []),
    '',
  ].join('\n'));
  const single = upstreams.length === 0 ? ['--sandbox', 'none', '--', process.execPath, FIXTURE, 'solo', log] : [];
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [WARDEN, 'run', '--config', config, '--policies', policies, '--journal', journal, ...single],
    env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: dir },
    stderr: 'pipe',
  });
  const stderr = new StderrLog(transport.stderr as Readable);
  const client = new Client({ name: 'search-paging-e2e', version: '0.0.0' });
  await client.connect(transport).catch((error: unknown) => { throw new Error(`${String(error)}\n${stderr.text}`); });
  return { client, stderr, journal, dir };
}

async function search(client: Client, query: string): Promise<string[]> {
  const result = await client.callTool({ name: 'retrieve_tools', arguments: { query, limit: 10 } });
  return (result.structuredContent as { tools: { name: string }[] }).tools.map((t) => t.name);
}

async function journaled(w: Warden): Promise<Array<Record<string, unknown>>> {
  await w.client.close();
  return (await readEntries(w.journal)) as Array<Record<string, unknown>>;
}

const listingOf = (entries: Array<Record<string, unknown>>): unknown =>
  entries.find((e) => (e.search_listing as { pages?: number } | undefined)?.pages !== undefined)?.search_listing;

test('one upstream, five pages: one listing without a cursor, and search finds the last page\'s tool', async () => {
  const w = await start(ALLOW_ALL);
  try {
    const listed = await w.client.listTools();
    assert.equal(listed.tools.map((t) => t.name), ['retrieve_tools']);
    assert.is(listed.nextCursor, undefined);
    // Pages of two: t0 t1 | t2 t3 | t4 slow | change crash | ask.
    assert.ok((await search(w.client, 'ask')).includes('ask'));
    assert.ok((await search(w.client, 'tool 0')).includes('t0'));
    const entries = await journaled(w);
    assert.is(entries.filter((e) => e.origin === 'mcp-warden' && e.method === 'tools/list').length, 4, 'pages 2 to 5 asked by the warden');
    assert.equal(listingOf(entries), { pages: 5, complete: true });
  } finally {
    await rm(w.dir, { recursive: true, force: true });
  }
});

test('two aggregated upstreams: the router\'s merged pages are all searched', async () => {
  const w = await start(ALLOW_ALL, ['a', 'c']);
  try {
    const listed = await w.client.listTools();
    assert.equal(listed.tools.map((t) => t.name), ['retrieve_tools']);
    assert.is(listed.nextCursor, undefined);
    const found = await search(w.client, 'ask');
    assert.ok(found.includes('a__ask') && found.includes('c__ask'), found.join(' '));
    assert.equal(listingOf(await journaled(w)), { pages: 5, complete: true });
  } finally {
    await rm(w.dir, { recursive: true, force: true });
  }
});

test('a page the policy denies does not hold the listing up: the client gets the pages before it', async () => {
  const w = await start(NO_CURSORS);
  try {
    const listed = await w.client.listTools();
    assert.equal(listed.tools.map((t) => t.name), ['retrieve_tools']);
    assert.ok((await search(w.client, 'tool 1')).includes('t1'));
    assert.not.ok((await search(w.client, 'ask')).includes('ask'));
    const listing = listingOf(await journaled(w)) as { pages: number; complete: boolean; reason: string };
    assert.is(listing.pages, 1);
    assert.is(listing.complete, false);
    assert.match(listing.reason, /denied/);
  } finally {
    await rm(w.dir, { recursive: true, force: true });
  }
});

test.run();
