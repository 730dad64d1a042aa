#!/usr/bin/env node
// How test/data/tool-catalog/*.json was assembled: the tool definitions (name, title,
// description, inputSchema, annotations) exactly as public MCP servers publish them, read from
// each server's own `tools/list` answer. Nothing is edited or invented.
//
// Usage: node scripts/tool-catalog.mjs INSTALL_DIR [OUT_DIR]
//   INSTALL_DIR: a scratch npm project where the servers below are installed, e.g.
//     mkdir /tmp/toolcat && cd /tmp/toolcat && npm init -y &&
//     npm install --ignore-scripts --save-exact <every package named in SERVERS>
//   OUT_DIR: default test/data/tool-catalog. One file per server: {server, package, version, tools}.
// Credentials are placeholders: servers list their tools without calling their APIs. A server
// that cannot start that way is reported and skipped. Tried and left out for that reason (2026-12):
// @modelcontextprotocol/server-redis (connects before listing), @modelcontextprotocol/server-gdrive
// and @cloudflare/mcp-server-cloudflare (need credentials files or a login first), @stripe/mcp and
// @supabase/mcp-server-supabase (list through their hosted service), @heroku/mcp-server and
// @azure-devops/mcp (need native or newer modules than an --ignore-scripts install has).
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'tool-catalog-'));

/** id: file name and server name; bin: the package's bin entry; args/env: enough to start. */
const SERVERS = [
  { id: 'filesystem', pkg: '@modelcontextprotocol/server-filesystem', args: [scratch] },
  { id: 'memory', pkg: '@modelcontextprotocol/server-memory', env: { MEMORY_FILE_PATH: path.join(scratch, 'memory.json') } },
  { id: 'everything', pkg: '@modelcontextprotocol/server-everything', args: ['stdio'] },
  { id: 'sequential-thinking', pkg: '@modelcontextprotocol/server-sequential-thinking' },
  { id: 'github-legacy', pkg: '@modelcontextprotocol/server-github', env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'placeholder' } },
  { id: 'gitlab', pkg: '@modelcontextprotocol/server-gitlab', env: { GITLAB_PERSONAL_ACCESS_TOKEN: 'placeholder' } },
  { id: 'slack', pkg: '@modelcontextprotocol/server-slack', env: { SLACK_BOT_TOKEN: 'placeholder', SLACK_TEAM_ID: 'T0' } },
  { id: 'postgres', pkg: '@modelcontextprotocol/server-postgres', args: ['postgresql://127.0.0.1:1/none'] },
  { id: 'puppeteer', pkg: '@modelcontextprotocol/server-puppeteer' },
  { id: 'brave-search', pkg: '@modelcontextprotocol/server-brave-search', env: { BRAVE_API_KEY: 'placeholder' } },
  { id: 'google-maps', pkg: '@modelcontextprotocol/server-google-maps', env: { GOOGLE_MAPS_API_KEY: 'placeholder' } },
  { id: 'playwright', pkg: '@playwright/mcp', args: ['--headless'] },
  { id: 'notion', pkg: '@notionhq/notion-mcp-server', env: { NOTION_TOKEN: 'placeholder' } },
  { id: 'kubernetes', pkg: 'mcp-server-kubernetes' },
  { id: 'sentry', pkg: '@sentry/mcp-server', args: ['--access-token', 'placeholder'] },
  { id: 'circleci', pkg: '@circleci/mcp-server-circleci', env: { CIRCLECI_TOKEN: 'placeholder' } },
  { id: 'mongodb', pkg: 'mongodb-mcp-server' },
  { id: 'desktop-commander', pkg: '@wonderwhy-er/desktop-commander' },
  { id: 'firecrawl', pkg: 'firecrawl-mcp', env: { FIRECRAWL_API_KEY: 'fc-placeholder' } },
  { id: 'tavily', pkg: 'tavily-mcp', env: { TAVILY_API_KEY: 'tvly-placeholder' } },
  { id: 'context7', pkg: '@upstash/context7-mcp' },
  { id: 'neon', pkg: '@neondatabase/mcp-server-neon', args: ['start', 'placeholder'] },
  { id: 'exa', pkg: 'exa-mcp-server', env: { EXA_API_KEY: 'placeholder' } },
  { id: 'elasticsearch', pkg: '@elastic/mcp-server-elasticsearch', env: { ES_URL: 'http://127.0.0.1:1', ES_API_KEY: 'placeholder' } },
  { id: 'aws-kb-retrieval', pkg: '@modelcontextprotocol/server-aws-kb-retrieval', env: { AWS_ACCESS_KEY_ID: 'placeholder', AWS_SECRET_ACCESS_KEY: 'placeholder', AWS_REGION: 'us-east-1' } },
  { id: 'everart', pkg: '@modelcontextprotocol/server-everart', env: { EVERART_API_KEY: 'placeholder' } },
  { id: 'browserbase', pkg: '@browserbasehq/mcp-server-browserbase', env: { BROWSERBASE_API_KEY: 'placeholder', BROWSERBASE_PROJECT_ID: 'placeholder', GEMINI_API_KEY: 'placeholder' } },
];

/** The fields of a tool definition the catalog keeps, in the server's own words. */
const KEPT = ['name', 'title', 'description', 'inputSchema', 'annotations'];

async function listTools(installDir, server) {
  const manifest = JSON.parse(readFileSync(path.join(installDir, 'node_modules', server.pkg, 'package.json'), 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin ?? {})[0];
  if (!bin) throw new Error('no bin entry');
  const home = mkdtempSync(path.join(scratch, 'home-'));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(installDir, 'node_modules', server.pkg, bin), ...(server.args ?? [])],
    env: { ...getDefaultEnvironment(), HOME: home, ...(server.env ?? {}) },
    cwd: home,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'tool-catalog', version: '1' });
  const timer = setTimeout(() => void transport.close(), 30_000);
  try {
    await client.connect(transport);
    const tools = [];
    let cursor;
    do {
      const page = await client.listTools(cursor ? { cursor } : {});
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    const kept = tools.map((t) => Object.fromEntries(KEPT.filter((k) => t[k] !== undefined).map((k) => [k, t[k]])));
    return { server: server.id, package: server.pkg, version: manifest.version, tools: kept };
  } finally {
    clearTimeout(timer);
    await client.close().catch(() => {});
  }
}

async function main() {
  const [installDir, outDir = 'test/data/tool-catalog'] = process.argv.slice(2);
  if (!installDir) throw new Error('usage: node scripts/tool-catalog.mjs INSTALL_DIR [OUT_DIR]');
  mkdirSync(outDir, { recursive: true });
  const only = process.env.ONLY?.split(',');
  let total = 0;
  for (const server of SERVERS.filter((s) => !only || only.includes(s.id))) {
    try {
      const catalog = await listTools(installDir, server);
      writeFileSync(path.join(outDir, `${server.id}.json`), `${JSON.stringify(catalog, null, 2)}\n`);
      total += catalog.tools.length;
      console.log(`${server.id}: ${catalog.tools.length} tools (${server.pkg}@${catalog.version})`);
    } catch (error) {
      console.log(`${server.id}: skipped (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  console.log(`total: ${total} tools`);
}

await main();
process.exit(0);
