/**
 * `warden run` with network listeners, end to end with real clients and a real server: the SDK
 * Client over Streamable HTTP and WebSocket, @modelcontextprotocol/server-everything upstream
 * over stdio and over HTTP; authentication refusals journaled; every message decided.
 */
import { keyPair } from '../support/key-pair.js';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { discoverOAuthProtectedResourceMetadata, extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { WebSocketClientTransport } from '@modelcontextprotocol/sdk/client/websocket.js';
import { CreateMessageRequestSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { SignJWT } from 'jose';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readEntries } from '../../examples/demo/journal-summary.js';
import '../support/global-websocket.js';
import { refusedUpgrade } from '../support/ws-refusal.js';
import { sdkUpstream } from '../transports/http/client/sdk-upstream.js';
import { callText } from './support/clients.js';
import { EVERYTHING, EVERYTHING_POLICY, startEverythingHttp, startWarden, type RunningWarden } from './support/network.js';
import { WARDEN } from './support/repo.js';

const run = promisify(execFile);
const KEY = `mcpw_${'k'.repeat(43)}`;
const MATH_KEY = `mcpw_${'m'.repeat(43)}`;

/** Temp files the tests write (key files); removed at the end. */
const scratch = await mkdtemp(path.join(tmpdir(), 'warden-e2e-net-'));
test.after(() => rm(scratch, { recursive: true, force: true }));

async function apiKeysFile(): Promise<string> {
  const file = path.join(scratch, 'keys.yaml');
  await writeFile(file, `keys:\n  - id: ci-bot\n    hash: ${await hashOf(KEY)}\n  - id: calculator\n    hash: ${await hashOf(MATH_KEY)}\n    roles: [math]\n`);
  return file;
}

/** Hashed by the CLI, as an operator would. */
async function hashOf(key: string): Promise<string> {
  const hashing = run(process.execPath, [WARDEN, 'api-key', 'hash']);
  hashing.child.stdin!.end(key);
  return (await hashing).stdout.trim();
}

function sdkClient(): Client {
  const client = new Client({ name: 'e2e', version: '1.0.0' }, { capabilities: { sampling: {}, elicitation: {} } });
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({
    model: 'test-model', role: 'assistant', content: { type: 'text', text: 'sampled by the e2e client' },
  }));
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'decline' }));
  return client;
}

function httpClient(url: string, key?: string): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL(url), key ? { requestInit: { headers: { authorization: `Bearer ${key}` } } } : undefined);
}

async function denialCode(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (error) {
    return (error as { code: number }).code;
  }
  throw new Error('expected the call to be refused');
}

async function withWarden(args: string[], listeners: number, body: (w: RunningWarden) => Promise<void>): Promise<void> {
  const warden = await startWarden(args, listeners);
  try {
    await body(warden);
  } finally {
    await warden.remove();
  }
}

/** Every MCP feature the issue names, through warden, with the test policy applied. */
async function exercise(client: Client): Promise<void> {
  const tools = (await client.listTools()).tools.map((t) => t.name);
  assert.ok(tools.includes('echo'), `tools: ${tools.join(', ')}`);
  assert.is(callText(await client.callTool({ name: 'echo', arguments: { message: 'hi' } })), 'Echo: hi');
  assert.is(await denialCode(client.callTool({ name: 'get-env', arguments: {} })), -32003);

  const resources = (await client.listResources()).resources;
  assert.ok(resources.length > 0);
  assert.ok((await client.readResource({ uri: resources[0]!.uri })).contents.length > 0);
  const prompts = (await client.listPrompts()).prompts;
  const simple = prompts.find((p) => !(p.arguments ?? []).some((a) => a.required));
  assert.ok(simple, 'a prompt without required arguments');
  assert.ok((await client.getPrompt({ name: simple!.name })).messages.length > 0);

  let progress = 0;
  await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } }, undefined, { onprogress: () => { progress++; } });
  assert.ok(progress >= 2, `progress notifications: ${progress}`);

  const sampled = await client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 5 } });
  assert.match(JSON.stringify(sampled), /sampled by the e2e client/);
  const elicited = await client.callTool({ name: 'trigger-elicitation-request', arguments: {} });
  assert.match(JSON.stringify(elicited).toLowerCase(), /declin/);

  const abort = new AbortController();
  const cancelled = client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 5, steps: 5 } }, undefined, { signal: abort.signal });
  setTimeout(() => abort.abort('changed my mind'), 300);
  await cancelled.then(() => assert.unreachable('the call was cancelled'), () => undefined);
  // The SDK sends notifications/cancelled without waiting; a later call orders it before the end.
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.is(callText(await client.callTool({ name: 'echo', arguments: { message: 'after' } })), 'Echo: after');
}

const EXERCISED = ['initialize', 'tools/list', 'tools/call', 'resources/read', 'prompts/get', 'notifications/progress', 'sampling/createMessage', 'elicitation/create', 'notifications/cancelled'];

/** `home`: the warden home holding the signing key, pinned for verify. */
async function assertJournaled(journal: string, home: string, principals: string[]): Promise<void> {
  const decisions = (await readEntries(journal)).filter((e) => e.kind === 'decision');
  const methods = new Set(decisions.map((e) => e.method));
  for (const method of EXERCISED) assert.ok(methods.has(method), `journaled: ${method}`);
  assert.equal(new Set(decisions.map((e) => e.principal_id)), new Set(principals));
  const key = path.join(home, 'signing-key.pem');
  const verified = await run(process.execPath, [WARDEN, 'verify', '--public-key', key, journal]).then(() => 0, (e: { code: number }) => e.code);
  assert.is(verified, 0, 'warden verify passes');
}

test('Streamable HTTP clients with API keys through warden to a stdio server-everything', async () => {
  const keys = await apiKeysFile();
  await withWarden(['--listen', 'http://127.0.0.1:0/mcp', '--api-keys', keys, '--', process.execPath, EVERYTHING, 'stdio'], 1, async (warden) => {
    const client = sdkClient();
    await client.connect(httpClient(warden.urls[0]!, KEY));
    await exercise(client);
    assert.is(await denialCode(client.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } })), -32003, 'ci-bot has no math role');
    const calculator = sdkClient();
    await calculator.connect(httpClient(warden.urls[0]!, MATH_KEY));
    assert.is(callText(await calculator.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } })).includes('3'), true);
    await calculator.close();
    await client.close();
    await warden.stop();
    await assertJournaled(warden.journal, warden.home, ['ci-bot', 'calculator']);
    const confinement = (await readEntries(warden.journal)).filter((e) => e.kind === 'upstream-confinement');
    assert.is(confinement.length, 1, 'how the stdio upstream is contained is on the record');
    assert.ok(['bwrap', 'podman', 'none'].includes(confinement[0]!.sandbox as string));
  });
});

for (const mode of ['streamableHttp', 'sse'] as const) {
  test(`a stdio client and a WebSocket client through warden to server-everything over ${mode === 'sse' ? 'legacy HTTP+SSE' : 'Streamable HTTP'}`, async () => {
    const upstream = await startEverythingHttp(mode);
    try {
      const url = `${upstream.url}/${mode === 'sse' ? 'sse' : 'mcp'}`;
      const stdio = sdkClient();
      await stdio.connect(new StdioClientTransport({
        command: process.execPath,
        args: [WARDEN, 'run', '--policies', EVERYTHING_POLICY, '--journal', path.join(scratch, `journal-${mode}`), '--upstream', url],
        env: { PATH: process.env.PATH ?? '', MCP_WARDEN_HOME: path.join(scratch, `home-${mode}`) },
        stderr: 'pipe',
      }));
      await exercise(stdio);
      await stdio.close();
      await assertJournaled(path.join(scratch, `journal-${mode}`), path.join(scratch, `home-${mode}`), [userInfo().username]);
      await withWarden(['--listen', 'ws://127.0.0.1:0/mcp', '--no-auth', '--upstream', url], 1, async (warden) => {
        const ws = sdkClient();
        await ws.connect(new WebSocketClientTransport(new URL(warden.urls[0]!)));
        await exercise(ws);
        await ws.close();
        await warden.stop();
        await assertJournaled(warden.journal, warden.home, ['anonymous']);
      });
    } finally {
      await upstream.stop();
    }
  });
}

test('48 concurrent calls of a tool that samples the client before answering all complete through warden to a Streamable HTTP upstream', async () => {
  // Each call's answer holds an upstream connection open until the client has answered its
  // sampling request, and that answer needs a connection too: the calls must not take them all.
  const upstream = await startEverythingHttp('streamableHttp');
  try {
    await withWarden(['--listen', 'http://127.0.0.1:0/mcp', '--no-auth', '--upstream', `${upstream.url}/mcp`], 1, async (warden) => {
      const client = sdkClient();
      await client.connect(httpClient(warden.urls[0]!));
      await client.listTools();
      const call = (i: number) => client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: `p${i}`, maxTokens: 5 } }, undefined, { timeout: 15_000 });
      const calls = Array.from({ length: 48 }, (_, i) => call(i));
      for (const result of await Promise.all(calls)) assert.match(JSON.stringify(result), /sampled by the e2e client/);
      await client.close();
    });
  } finally {
    await upstream.stop();
  }
});

/**
 * An SDK server answering in JSON whose `gather` tool answers once `size` calls are open at the
 * same time, or after `patienceMs`, saying which.
 */
function gatheringServer(size: number, patienceMs: number): () => McpServer {
  const waiting: Array<(gathered: boolean) => void> = [];
  const release = (gathered: boolean): void => {
    for (const answer of waiting.splice(0)) answer(gathered);
  };
  return () => {
    const server = new McpServer({ name: 'gathering', version: '1.0.0' });
    server.registerTool('gather', { description: 'answers once all calls are open' }, () => new Promise((resolve) => {
      const timer = setTimeout(() => release(false), patienceMs);
      waiting.push((gathered) => {
        clearTimeout(timer);
        resolve({ content: [{ type: 'text', text: gathered ? 'gathered' : 'alone' }] });
      });
      if (waiting.length >= size) release(true);
    }));
    return server;
  };
}

test('32 concurrent calls through warden to an upstream answering in JSON are all open at once upstream', async () => {
  // Such a server sends a request's headers with its result; a POST held back until then (or
  // 100 ms) would have the last of these calls sent 3.1 s after the first, past its patience.
  const upstream = await sdkUpstream({ jsonResponse: true, server: gatheringServer(32, 2_500) });
  try {
    await withWarden(['--listen', 'http://127.0.0.1:0/mcp', '--no-auth', '--upstream', upstream.url.href], 1, async (warden) => {
      const client = sdkClient();
      await client.connect(httpClient(warden.urls[0]!));
      await client.listTools();
      const results = await Promise.all(Array.from({ length: 32 }, () => client.callTool({ name: 'gather', arguments: {} })));
      for (const result of results) assert.match(JSON.stringify(result), /"gathered"/);
      await client.close();
    });
  } finally {
    await upstream.close();
  }
});

test('a WebSocket upstream: HTTP client -> warden -> WebSocket -> warden -> stdio server-everything', async () => {
  await withWarden(['--listen', 'ws://127.0.0.1:0/mcp', '--no-auth', '--', process.execPath, EVERYTHING, 'stdio'], 1, async (inner) => {
    await withWarden(['--listen', 'http://127.0.0.1:0/mcp', '--no-auth', '--upstream', inner.urls[0]!], 1, async (outer) => {
      const client = sdkClient();
      await client.connect(httpClient(outer.urls[0]!));
      await exercise(client);
      await client.close();
      await outer.stop();
      await inner.stop();
      await assertJournaled(outer.journal, outer.home, ['anonymous']);
      await assertJournaled(inner.journal, inner.home, ['anonymous']);
    });
  });
});

test('an oversize POST from the SDK client gets its 413 or error, not a broken pipe, and the session goes on', async () => {
  await withWarden(['--listen', 'http://127.0.0.1:0/mcp', '--no-auth', '--', process.execPath, EVERYTHING, 'stdio'], 1, async (warden) => {
    const client = sdkClient();
    await client.connect(httpClient(warden.urls[0]!));
    for (const size of [4_300_000, 20_000_000]) {
      const refused = await client.callTool({ name: 'echo', arguments: { message: 'x'.repeat(size) } }).then(() => undefined, (error: unknown) => error as Error);
      assert.ok(refused, `a ${size}-character call was not refused`);
      assert.not.match(refused.message, /fetch failed|EPIPE/, `${size}: ${refused.message}`);
      assert.match(refused.message, /413|Payload Too Large/);
    }
    assert.is(callText(await client.callTool({ name: 'echo', arguments: { message: 'still here' } })), 'Echo: still here');
    await client.close();
  });
});

test('WebSocket: the SDK WebSocketClientTransport through warden (--no-auth on loopback)', async () => {
  await withWarden(['--listen', 'ws://127.0.0.1:0/mcp', '--no-auth', '--', process.execPath, EVERYTHING, 'stdio'], 1, async (warden) => {
    const client = sdkClient();
    await client.connect(new WebSocketClientTransport(new URL(warden.urls[0]!)));
    assert.is(callText(await client.callTool({ name: 'echo', arguments: { message: 'over ws' } })), 'Echo: over ws');
    assert.is(await denialCode(client.callTool({ name: 'get-env', arguments: {} })), -32003);
    const sampled = await client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 5 } });
    assert.match(JSON.stringify(sampled), /sampled by the e2e client/);
    await client.close();
  });
});

test('stateless 2026-07-28 POSTs through warden: each decided and journaled, headers checked against the body', async () => {
  await withWarden(['--listen', 'http://127.0.0.1:0/mcp', '--no-auth', '--', process.execPath, EVERYTHING, 'stdio'], 1, async (warden) => {
    const call = (name: string, headerName = name) => fetch(warden.urls[0]!, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': headerName,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: { message: 'stateless' }, _meta: { 'io.modelcontextprotocol/clientCapabilities': {} } } }),
    });
    const echoed = await call('echo');
    assert.is(echoed.status, 200);
    assert.equal(await echoed.json(), { jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'Echo: stateless' }] } });
    const denied = (await (await call('get-env')).json()) as { error: { code: number } };
    assert.is(denied.error.code, -32003);
    assert.is((await call('echo', 'get-env')).status, 400, 'Mcp-Name must mirror the body');
    const calls = (await readEntries(warden.journal)).filter((e) => e.kind === 'decision' && e.method === 'tools/call' && e.message_kind === 'request');
    assert.equal(calls.map((e) => [e.tool, e.action, e.http_status ?? null]), [['echo', 'forward', null], ['get-env', 'deny', null], [null, 'deny', 400]], 'the mismatch is journaled as a refusal');
  });
});

test('refused callers (no token, wrong key, bad Origin) get 401/403, never reach the upstream, and are journaled', async () => {
  const keys = await apiKeysFile();
  await withWarden(['--listen', 'http://127.0.0.1:0/mcp', '--api-keys', keys, '--', process.execPath, EVERYTHING, 'stdio'], 1, async (warden) => {
    const url = warden.urls[0]!;
    const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } });
    const post = (headers: Record<string, string>) => fetch(url, {
      method: 'POST', body: init, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    });
    const none = await post({});
    assert.is(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.is((await post({ authorization: `Bearer mcpw_${'x'.repeat(43)}` })).status, 401);
    assert.is((await post({ authorization: `Bearer ${KEY}`, origin: 'https://evil.example' })).status, 403);
    const refusals = (await readEntries(warden.journal)).filter((e) => e.kind === 'decision' && e.refusal !== undefined);
    assert.equal(refusals.map((e) => [e.http_status, e.allow, e.action]), [[401, false, 'deny'], [401, false, 'deny'], [403, false, 'deny']]);
    assert.not.ok(warden.stderr().includes(KEY), 'no key in the logs');
    const forwarded = (await readEntries(warden.journal)).filter((e) => e.kind === 'decision' && e.action === 'forward');
    assert.is(forwarded.length, 0, 'nothing reached the upstream');
  });
});

test('a flood of unauthenticated requests is refused every time, journaled at a bounded rate, and the rest summarized', async () => {
  const keys = await apiKeysFile();
  await withWarden(['--listen', 'http://127.0.0.1:0/mcp', '--listen', 'ws://127.0.0.1:0/mcp', '--api-keys', keys, '--', process.execPath, EVERYTHING, 'stdio'], 2, async (warden) => {
    const [http, ws] = warden.urls as [string, string];
    const post = () => fetch(http, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } });
    const statuses = await Promise.all([
      ...Array.from({ length: 150 }, async () => (await post()).status),
      ...Array.from({ length: 50 }, async () => (await refusedUpgrade(ws)).status),
    ]);
    assert.equal(new Set(statuses), new Set([401]), 'every one is refused');
    assert.is(await warden.stop(), 0);
    const entries = await readEntries(warden.journal);
    const journaled = entries.filter((e) => e.refusal === 'unauthenticated');
    const summaries = entries.filter((e) => e.kind === 'refusals-suppressed');
    // The burst of one source (10), plus one a refill may have added if the flood took over 10 s.
    assert.ok(journaled.length >= 10 && journaled.length <= 11, `${journaled.length} refusals journaled`);
    assert.ok(journaled.every((e) => e.source === '127.0.0.1'));
    assert.equal(summaries.map((e) => [e.count, e.reasons, e.sources, e.top_sources]), [
      [200 - journaled.length, { unauthenticated: 200 - journaled.length }, 1, [{ source: '127.0.0.1', count: 200 - journaled.length }]],
    ]);
    const verified = await run(process.execPath, [WARDEN, 'verify', '--public-key', path.join(warden.home, 'signing-key.pem'), warden.journal]);
    assert.match(verified.stdout, /^PASS/);
  });
});

test('JWT: expired, wrong audience and unknown key are 401; a valid token works; the SDK finds the authorization server (RFC 9728)', async () => {
  const { publicKey, privateKey } = keyPair('P-256');
  const other = keyPair('P-256');
  const keyFile = path.join(scratch, 'jwt.pem');
  await writeFile(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  const token = (claims: { aud?: string; exp?: number }, key = privateKey) => new SignJWT({ roles: ['math'] })
    .setProtectedHeader({ alg: 'ES256' }).setSubject('alice').setIssuer('https://idp.test')
    .setAudience(claims.aud ?? 'mcp-warden').setIssuedAt().setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600).sign(key);
  await withWarden(['--listen', 'http://127.0.0.1:0/mcp', '--jwt-public-key', keyFile, '--jwt-issuer', 'https://idp.test', '--jwt-audience', 'mcp-warden',
    '--', process.execPath, EVERYTHING, 'stdio'], 1, async (warden) => {
    for (const bad of [await token({ exp: Math.floor(Date.now() / 1000) - 3600 }), await token({ aud: 'someone-else' }), await token({}, other.privateKey)]) {
      const client = sdkClient();
      const failed = await client.connect(httpClient(warden.urls[0]!, bad)).then(() => false, () => true);
      assert.ok(failed, 'connect with a bad token fails');
    }
    const url = warden.urls[0]!;
    const unauthenticated = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    assert.is(unauthenticated.status, 401);
    const named = extractWWWAuthenticateParams(unauthenticated).resourceMetadataUrl;
    assert.is(named?.href, `${new URL(url).origin}/.well-known/oauth-protected-resource/mcp`);
    const metadata = await discoverOAuthProtectedResourceMetadata(url, { resourceMetadataUrl: named });
    assert.equal([metadata.resource, metadata.authorization_servers], [url, ['https://idp.test']]);
    assert.equal(await discoverOAuthProtectedResourceMetadata(url), metadata, 'found from the server URL alone too');
    const client = sdkClient();
    await client.connect(httpClient(warden.urls[0]!, await token({})));
    assert.is(callText(await client.callTool({ name: 'get-sum', arguments: { a: 2, b: 2 } })).includes('4'), true, 'roles come from the token');
    await client.close();
    const decisions = (await readEntries(warden.journal)).filter((e) => e.kind === 'decision');
    assert.is(decisions.filter((e) => e.http_status === 401).length, 4);
    assert.ok(decisions.some((e) => e.principal_id === 'alice' && e.method === 'tools/call'));
  });
});

test.run();
