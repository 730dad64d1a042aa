import net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { WebSocketClientTransport as SdkWebSocketClientTransport } from '@modelcontextprotocol/sdk/client/websocket.js';
import type { Transport as SdkTransport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolResultSchema, CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Rejection } from '../../../transports/contract.js';
import { isTransportError } from '../../../transports/errors.js';
import { WebSocketClientTransport } from '../../../transports/ws/client.js';
import { WebSocketListener } from '../../../transports/ws/listener.js';
import { delay, Recorder } from '../recorder.js';
import { request } from '../sample-messages.js';
import { AUTH_HEADERS, startListener } from './listener-fixture.js';
import { buildServer, OPEN_DOOR } from './sdk-fixture.js';
import { selfSignedCertificate } from '../../support/self-signed.js';
import { refusedUpgrade } from '../../support/ws-refusal.js';

/** A listener whose onrejected takes its time, logging when it finished. */
async function slowJournal() {
  const fixture = await startListener();
  const log: string[] = [];
  fixture.listener.onrejected = async (rejection: Rejection) => {
    await delay(30);
    fixture.rejections.push(rejection);
    log.push(`journaled ${rejection.code}`);
  };
  return { ...fixture, log };
}

const REFUSALS: { what: string; path?: string; protocols?: string[]; headers?: Record<string, string>; status: number; code: string }[] = [
  { what: 'a wrong path', path: '/other', status: 404, code: 'not_found' },
  { what: 'a foreign Host', headers: { ...AUTH_HEADERS, host: 'evil.example:80' }, status: 403, code: 'bad_host' },
  { what: 'a foreign Origin', headers: { ...AUTH_HEADERS, origin: 'https://evil.example' }, status: 403, code: 'bad_origin' },
  { what: 'no subprotocol mcp', protocols: ['graphql-ws'], status: 400, code: 'bad_subprotocol' },
  { what: 'no credentials', headers: {}, status: 401, code: 'unauthenticated' },
];

for (const refused of REFUSALS) {
  test(`a handshake with ${refused.what} is refused with ${refused.status}, journaled first`, async () => {
    const fixture = await slowJournal();
    const url = fixture.url.replace('/mcp', refused.path ?? '/mcp');
    const answer = await refusedUpgrade(url, refused.protocols, refused.headers ?? AUTH_HEADERS);
    fixture.log.push(`answered ${answer.status}`);
    assert.equal(fixture.log, [`journaled ${refused.code}`, `answered ${refused.status}`]);
    assert.is(fixture.rejections[0]!.status, refused.status);
    assert.is(fixture.rejections[0]!.listener, 'websocket');
    assert.is(fixture.rejections[0]!.source, '127.0.0.1', 'the peer, for per-source accounting');
    if (refused.status === 401) {
      assert.is(answer.headers['www-authenticate'], 'Bearer realm="warden"');
      assert.not.match(fixture.rejections[0]!.message, 'test-token');
    }
    await fixture.listener.close();
  });
}

test('Host aliases of a loopback address and allowed Origins pass', async () => {
  const fixture = await startListener({ allowedOrigins: ['http://app.example:8080'] });
  const port = new URL(fixture.url).port;
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
    const socket = await fixture.connect({ headers: { ...AUTH_HEADERS, host, origin: 'http://APP.example:8080' } });
    assert.is(socket.protocol, 'mcp');
    socket.terminate();
  }
  await fixture.listener.close();
});

test('a plain HTTP request is answered 426 on the path and 404 elsewhere', async () => {
  const fixture = await startListener();
  const status = (path: string) => fetch(fixture.url.replace('ws:', 'http:').replace('/mcp', path)).then((response) => response.status);
  assert.is(await status('/mcp'), 426);
  assert.is(await status('/nope'), 404);
  assert.equal(fixture.rejections.map((rejection) => rejection.code), ['upgrade_required', 'not_found']);
  await fixture.listener.close();
});

/** Sends `partial`, an upgrade request cut short, and resolves with what came back once the listener closed the socket. */
function partialUpgrade(url: string, partial: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let text = '';
    // Far past the headers timeout and node's check interval: a listener that never answers fails the test.
    const patience = setTimeout(() => {
      socket.destroy();
      reject(new Error('the listener kept the connection open'));
    }, 8000);
    socket.on('data', (chunk: Buffer) => void (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(patience);
      resolve(text);
    });
    socket.write(partial);
  });
}

test('a client that never finishes its upgrade request gets 408: its fault, not a listener error; the listener keeps serving', async () => {
  const fixture = await startListener({ headersTimeoutMs: 500 });
  const errors: Error[] = [];
  fixture.listener.onerror = (error) => errors.push(error);
  const host = new URL(fixture.url).host;
  const partial = `GET /mcp HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n`;
  assert.match(await partialUpgrade(fixture.url, partial), /^HTTP\/1.1 408 /);
  const socket = await fixture.connect();
  const session = await fixture.nextSession();
  assert.is(session.kind, 'websocket');
  assert.equal(errors, []);
  assert.equal(fixture.rejections, [], 'nothing to journal: no handshake was read');
  socket.terminate();
  await fixture.listener.close();
});

test('a session the gateway refuses is closed with 1013', async () => {
  const fixture = await startListener();
  fixture.listener.onsession = async () => {
    throw new Error('full');
  };
  const socket = await fixture.connect();
  const [code, reason] = await new Promise<[number, string]>((resolve) => socket.once('close', (c, r) => resolve([c, r.toString()])));
  assert.is(code, 1013);
  assert.is(reason, 'session refused');
  await fixture.listener.close();
});

test('close() closes live sessions and stops accepting', async () => {
  const fixture = await startListener();
  const socket = await fixture.connect();
  const session = await fixture.nextSession();
  await session.transport.start();
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await fixture.listener.close();
  assert.is(await closed, 1000);
  await fixture.connect().then(
    () => assert.unreachable('connected after close'),
    () => undefined,
  );
});

test('a wss: listener needs TLS material, and only ws:/wss: URLs are accepted', () => {
  assert.throws(() => new WebSocketListener({ url: new URL('wss://127.0.0.1:0/mcp'), authenticator: OPEN_DOOR }), /tls/);
  assert.throws(() => new WebSocketListener({ url: new URL('http://127.0.0.1:0/mcp'), authenticator: OPEN_DOOR }), /ws: or wss:/);
});

test('a wss: listener serves over TLS; the client transport trusts it through ca', async () => {
  const tls = selfSignedCertificate();
  if (!tls) return console.log('skipped wss test: openssl is not available to make a certificate');
  const fixture = await startListener({ url: new URL('wss://127.0.0.1:0/mcp'), tls });
  assert.match(fixture.url, /^wss:\/\/127\.0\.0\.1:\d+\/mcp$/);
  const transport = new WebSocketClientTransport({ url: new URL(fixture.url), headers: AUTH_HEADERS, ca: tls.cert });
  await transport.start();
  const session = await fixture.nextSession();
  const rec = new Recorder(session.transport);
  await session.transport.start();
  await transport.send(request(1));
  await rec.untilMessages(1);
  assert.equal(rec.messages, [request(1)]);
  await transport.close();
  const untrusting = new WebSocketClientTransport({ url: new URL(fixture.url), headers: AUTH_HEADERS });
  await untrusting.start().then(() => assert.unreachable('an unknown certificate was trusted'), (error: unknown) => assert.ok(isTransportError(error, 'io_error')));
  await fixture.listener.close();
});

test('interop: the SDK Client over its WebSocket transport, an SDK McpServer on each accepted session', async () => {
  const fixture = await startListener({ authenticator: OPEN_DOOR });
  const server = buildServer();
  fixture.listener.onsession = async (session) => {
    assert.is(session.kind, 'websocket');
    await server.connect(session.transport as unknown as SdkTransport);
  };
  const client = new Client({ name: 'ws-interop-client', version: '1.0.0' }, { capabilities: { sampling: {} } });
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({ model: 'test-model', role: 'assistant', content: { type: 'text', text: 'pong' } }));
  await client.connect(new SdkWebSocketClientTransport(new URL(fixture.url)));
  assert.is(client.getServerVersion()?.name, 'ws-interop-server');
  const listed = await client.listTools();
  assert.equal(listed.tools.map((tool) => tool.name).sort(), ['ask', 'count', 'echo']);
  const progress: number[] = [];
  const counted = await client.callTool({ name: 'count', arguments: { n: 3 } }, CallToolResultSchema, { onprogress: (p) => progress.push(p.progress) });
  assert.equal(progress, [1, 2, 3]);
  assert.equal(counted.content, [{ type: 'text', text: 'counted 3' }]);
  const asked = await client.callTool({ name: 'ask', arguments: {} });
  assert.equal(asked.content, [{ type: 'text', text: 'client said pong' }]);
  await client.close();
  await server.close();
  await fixture.listener.close();
});

test.run();
