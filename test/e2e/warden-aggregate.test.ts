/**
 * Several upstreams behind one warden session, end to end with real servers and the SDK client:
 * - three transports at once: a stdio child (test fixture), server-everything over Streamable
 *   HTTP, and server-everything behind a second warden over WebSocket; every list namespaced,
 *   calls routed back, and sampling, elicitation and roots asked by the upstreams answered by the
 *   client and delivered to the upstream that asked;
 * - the stdio upstream crashing mid-session: its tools go (list_changed) and come back;
 * - routing by the shipped routing library: a sensitive argument goes only to the private upstream;
 * - failover between replicas: the first endpoint down, a read-only tool retried on the next
 *   endpoint after its server died, a non-idempotent one not retried; every attempt journaled,
 *   and the journal verifies.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema, ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { StderrLog } from '../../examples/demo/stderr-log.js';
import '../support/global-websocket.js';
import { untilValue } from '../support/until.js';
import { callText, errorOf, toolNames } from './support/clients.js';
import { EVERYTHING, EVERYTHING_POLICY, startEverythingHttp, startWarden } from './support/network.js';
import { ROOT, WARDEN } from './support/repo.js';

const run = promisify(execFile);
const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'routing-server.js');
const NODE = JSON.stringify(process.execPath);
const UNAVAILABLE = -32004;

const scratch = await mkdtemp(path.join(tmpdir(), 'warden-aggregate-'));
test.after(() => rm(scratch, { recursive: true, force: true }));

/** The end-to-end policy for server-everything plus the shipped library's routing rules. */
async function policyDir(): Promise<string> {
  const dir = path.join(scratch, 'policy');
  await mkdir(path.join(dir, 'lib'), { recursive: true });
  for (const file of await readdir(path.join(ROOT, 'policies', 'lib'))) {
    if (file.endsWith('.rego') && !file.endsWith('_test.rego')) await copyFile(path.join(ROOT, 'policies', 'lib', file), path.join(dir, 'lib', file));
  }
  const base = await readFile(path.join(EVERYTHING_POLICY, 'mcp.rego'), 'utf8');
  await writeFile(path.join(dir, 'mcp.rego'), `${base.replace('import rego.v1\n', 'import rego.v1\n\nimport data.mcp.lib.routing\n')}
allow if {
	input.direction == "client_to_server"
	input.method == "notifications/initialized"
}

route := routing.route

deny contains msg if some msg in routing.deny
`);
  return dir;
}

function fixture(...args: string[]): string {
  return `[${NODE}, ${JSON.stringify(FIXTURE)}${args.map((a) => `, ${JSON.stringify(a)}`).join('')}]`;
}

interface Session {
  client: Client;
  stderr: StderrLog;
  journal: string;
  home: string;
  listChanged: () => number;
}

async function connect(name: string, upstreams: string[]): Promise<Session> {
  const home = path.join(scratch, name);
  await mkdir(home, { recursive: true });
  const config = path.join(home, 'warden.yaml');
  await writeFile(config, [
    `policies: ${JSON.stringify(await policyDir())}`,
    'upstreams:', ...upstreams.map((u) => `  - ${u}`),
    'routing: { attempt_timeout_ms: 4000, fan_out_timeout_ms: 4000, reconnect_max_ms: 1000 }', '',
  ].join('\n'));
  const journal = path.join(home, 'journal');
  const transport = new StdioClientTransport({
    command: process.execPath, args: [WARDEN, 'run', '--config', config, '--journal', journal],
    env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: home }, stderr: 'pipe',
  });
  const stderr = new StderrLog(transport.stderr as Readable);
  const client = new Client({ name: 'aggregate-e2e', version: '1.0.0' }, { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } } });
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({ model: 'm', role: 'assistant', content: { type: 'text', text: 'sampled by the aggregate client' } }));
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'decline' }));
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///aggregate-root', name: 'agg' }] }));
  let changed = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, async () => { changed++; });
  await client.connect(transport).catch((error: unknown) => { throw new Error(`${String(error)}\n${stderr.text}`); });
  return { client, stderr, journal, home, listChanged: () => changed };
}

async function verify(s: Session): Promise<void> {
  const code = await run(process.execPath, [WARDEN, 'verify', '--public-key', path.join(s.home, 'signing-key.pem'), s.journal]).then(() => 0, (e: { code: number }) => e.code);
  assert.is(code, 0, 'warden verify passes');
}

test('stdio, Streamable HTTP and WebSocket upstreams behind one session; a crashing upstream goes and comes back', async () => {
  const http = await startEverythingHttp('streamableHttp');
  const inner = await startWarden(['--listen', 'ws://127.0.0.1:0/mcp', '--no-auth', '--', process.execPath, EVERYTHING, 'stdio'], 1);
  const marker = path.join(scratch, 'crashed');
  let s: Session | undefined;
  try {
    s = await connect('transports', [
      `{ name: st, command: ${fixture('st', '', marker)}, sandbox: { mode: none } }`,
      `{ name: http, url: ${JSON.stringify(`${http.url}/mcp`)} }`,
      `{ name: ws, url: ${JSON.stringify(inner.urls[0])} }`,
    ]);
    const { client } = s;
    const tools = await untilValue('every upstream\'s tools', async () => {
      const names = await toolNames(client);
      return ['st__whoami', 'http__echo', 'ws__echo', 'http__trigger-sampling-request', 'ws__trigger-elicitation-request'].every((n) => names.includes(n)) ? names : undefined;
    });
    assert.ok(tools.every((n) => /^(st|http|ws)__/.test(n)), `every tool namespaced: ${tools.join(', ')}`);
    assert.not.ok(tools.includes('http__get-env') || tools.includes('ws__get-env'), 'the single-upstream deny rule hides get-env');

    const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
    assert.ok(prompts.length > 0 && prompts.every((n) => /^(http|ws)__/.test(n)), `prompts: ${prompts.join(', ')}`);
    const simple = (await client.listPrompts()).prompts.find((p) => p.name.startsWith('ws__') && !(p.arguments ?? []).some((a) => a.required));
    assert.ok((await client.getPrompt({ name: simple!.name })).messages.length > 0);
    const resources = (await client.listResources()).resources;
    assert.ok(resources.length > 0 && resources.every((r) => /^(http|ws)\+/.test(r.uri)), `resources: ${resources.map((r) => r.uri).slice(0, 3).join(', ')}`);
    const read = await client.readResource({ uri: resources.find((r) => r.uri.startsWith('ws+'))!.uri });
    assert.ok(read.contents.every((c) => c.uri.startsWith('ws+')), 'URIs in a read result are namespaced');
    const templates = (await client.listResourceTemplates()).resourceTemplates;
    assert.ok(templates.length > 0 && templates.every((t) => /^(http|ws)\+/.test(t.uriTemplate)), `templates: ${templates.map((t) => t.uriTemplate).join(', ')}`);

    assert.is(callText(await client.callTool({ name: 'st__whoami', arguments: {} })), 'st: whoami');
    assert.is(callText(await client.callTool({ name: 'http__echo', arguments: { message: 'h' } })), 'Echo: h');
    assert.is(callText(await client.callTool({ name: 'ws__echo', arguments: { message: 'w' } })), 'Echo: w');
    const sampled = await client.callTool({ name: 'http__trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 } });
    assert.match(JSON.stringify(sampled), /sampled by the aggregate client/);
    const elicited = await client.callTool({ name: 'ws__trigger-elicitation-request', arguments: {} });
    assert.match(JSON.stringify(elicited).toLowerCase(), /declin/);
    for (const ns of ['http', 'ws']) {
      const roots = await client.callTool({ name: `${ns}__get-roots-list`, arguments: {} });
      assert.match(JSON.stringify(roots), /aggregate-root/, `${ns} got the client's roots`);
    }

    const before = s.listChanged();
    const crashed = await errorOf(client.callTool({ name: 'st__crash', arguments: {} }));
    assert.is(crashed.code, UNAVAILABLE);
    assert.match(crashed.message, /not retried/);
    await untilValue('list_changed after the crash', async () => (s!.listChanged() > before ? true : undefined));
    const during = await toolNames(client);
    assert.not.ok(during.some((n) => n.startsWith('st__')), `st's tools gone while it is down: ${during.join(', ')}`);
    assert.ok(during.includes('http__echo'), 'the others stay');
    await untilValue('st back', async () => ((await toolNames(client)).includes('st__whoami') ? true : undefined));
    assert.ok(s.listChanged() >= before + 2, 'list_changed again when it came back');
    assert.is(callText(await client.callTool({ name: 'st__whoami', arguments: {} })), 'st: whoami');
  } finally {
    await s?.client.close();
    await inner.remove();
    await http.stop();
  }
  await verify(s!);
  const decisions = (await readEntries(s!.journal)).filter((e) => e.kind === 'decision');
  const upstreams = new Set(decisions.map((e) => e.upstream));
  for (const u of ['st', 'http', 'ws']) assert.ok(upstreams.has(u), `decisions name upstream ${u}`);
  assert.ok(decisions.some((e) => e.method === 'sampling/createMessage' && e.upstream === 'http'), 'sampling journaled as from http');
  assert.ok(decisions.some((e) => e.method === 'elicitation/create' && e.upstream === 'ws'), 'elicitation journaled as from ws');
  assert.ok(decisions.some((e) => e.method === 'roots/list'), 'roots/list journaled');
});

test('routing by the shipped library and failover between replicas, every attempt journaled', async () => {
  const dead = 'http://127.0.0.1:9/mcp';
  let s: Session | undefined;
  try {
    s = await connect('routing', [
      `{ name: pub, namespace: search, command: ${fixture('pub')}, sandbox: { mode: none } }`,
      `{ name: priv, namespace: search, private: true, command: ${fixture('priv')}, sandbox: { mode: none } }`,
      `{ name: ro, endpoints: [{ url: ${JSON.stringify(dead)} }, { command: ${fixture('roA', 'crashy')} }, { command: ${fixture('roB')} }] }`,
      `{ name: rw, endpoints: [{ command: ${fixture('rwA', 'crashy')} }, { command: ${fixture('rwB')} }], sandbox: { mode: none } }`,
    ]);
    const { client } = s;
    await untilValue('every upstream\'s tools', async () => {
      const names = await toolNames(client);
      return ['search__search', 'ro__flaky-read', 'rw__flaky-write'].every((n) => names.includes(n)) ? true : undefined;
    });
    assert.is(callText(await client.callTool({ name: 'search__search', arguments: { q: 'weather in Oslo' } })), 'pub: weather in Oslo');
    assert.is(callText(await client.callTool({ name: 'search__search', arguments: { q: 'mail jane.doe@example.com' } })), 'priv: mail jane.doe@example.com');
    assert.is(callText(await client.callTool({ name: 'search__search', arguments: { q: 'x', password: 'p' } })), 'priv: x');

    assert.is(callText(await client.callTool({ name: 'ro__flaky-read', arguments: {} })), 'roB: flaky-read', 'the read-only call is retried on the next endpoint');
    const refused = await errorOf(client.callTool({ name: 'rw__flaky-write', arguments: {} }));
    assert.is(refused.code, UNAVAILABLE);
    assert.match(refused.message, /not retried/);
  } finally {
    await s?.client.close();
  }
  await verify(s!);
  const entries = await readEntries(s!.journal);
  const attempts = entries.filter((e) => e.kind === 'route-attempt');
  const of = (upstream: string): Array<[unknown, unknown, unknown]> => attempts.filter((e) => e.upstream === upstream && e.method === 'tools/call').map((e) => [e.attempt, e.outcome, e.retryable]);
  assert.equal(of('ro'), [[1, 'connection-lost', true], [2, 'answered', true]]);
  assert.equal(of('rw'), [[1, 'connection-lost', false]]);
  assert.equal(of('priv').map((a) => a[1]), ['answered', 'answered']);
  assert.equal(of('pub').map((a) => a[1]), ['answered']);
  const routed = entries.filter((e) => e.kind === 'decision' && e.method === 'tools/call' && e.message_kind === 'request' && e.tool === 'search');
  assert.equal(routed.map((e) => e.upstream), ['pub', 'priv', 'priv'], 'each decision names the upstream it went to');
});

test('an upstream\'s answer to a request nobody sent is journaled as refused, naming the upstream, and reaches nobody', async () => {
  let s: Session | undefined;
  try {
    s = await connect('stray', [
      `{ name: one, command: ${fixture('one')}, sandbox: { mode: none } }`,
      `{ name: two, command: ${fixture('two')}, sandbox: { mode: none } }`,
    ]);
    const { client } = s;
    await untilValue('both upstreams\' tools', async () => {
      const names = await toolNames(client);
      return ['one__stray', 'two__whoami'].every((n) => names.includes(n)) ? true : undefined;
    });
    assert.is(callText(await client.callTool({ name: 'one__stray', arguments: {} })), 'one: stray');
    assert.is(callText(await client.callTool({ name: 'two__whoami', arguments: {} })), 'two: whoami', 'the session goes on');
  } finally {
    await s?.client.close();
  }
  await verify(s!);
  const stray = (await readEntries(s!.journal)).filter((e) => e.kind === 'decision' && (e.reasons as string[] | undefined)?.some((r) => r.startsWith('answer to no request in flight')));
  assert.equal(stray.map((e) => [e.upstream, e.direction, e.message_kind, e.action, e.allow]), [['one', 'server_to_client', 'response', 'drop', false]]);
});

test.run();
