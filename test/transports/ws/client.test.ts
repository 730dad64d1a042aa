import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport as SdkTransport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolResultSchema, CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { WebSocketServer, type WebSocket } from 'ws';
import { isTransportError } from '../../../transports/errors.js';
import { WebSocketClientTransport } from '../../../transports/ws/client.js';
import { runTransportContract } from '../contract.suite.js';
import { Recorder } from '../recorder.js';
import { request } from '../sample-messages.js';
import { AUTH_HEADERS, startListener } from './listener-fixture.js';
import { buildServer } from './sdk-fixture.js';
import { WsPeer } from './ws-peer.js';

/**
 * A raw ws server on 127.0.0.1 selecting `subprotocol` (mcp; false selects none); `peer` is its
 * end of the first connection.
 */
async function rawServer(subprotocol: string | false = 'mcp'): Promise<{ url: URL; peer: WsPeer; headers: Promise<Record<string, unknown>>; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => subprotocol });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const peer = new WsPeer();
  const headers = new Promise<Record<string, unknown>>((resolve) => {
    server.once('connection', (socket: WebSocket, request) => {
      peer.attach(socket);
      resolve(request.headers);
    });
  });
  const { port } = server.address() as { port: number };
  return {
    url: new URL(`ws://127.0.0.1:${port}/`),
    peer,
    headers,
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

runTransportContract('WebSocketClientTransport', async ({ maxMessageBytes }) => {
  const server = await rawServer();
  const transport = new WebSocketClientTransport({ url: server.url, maxMessageBytes });
  return { transport, peer: server.peer, dispose: server.close };
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => assert.unreachable('expected a rejection'), (error: unknown) => error);
}

test('a connection that cannot be made rejects start with io_error and fires onclose once', async () => {
  const server = await rawServer();
  await server.close();
  const transport = new WebSocketClientTransport({ url: server.url });
  const rec = new Recorder(transport);
  const error = await rejection(transport.start());
  assert.ok(isTransportError(error, 'io_error'), String(error));
  assert.is(rec.closes, 1);
});

test('a refused handshake rejects start with io_error and the HTTP status', async () => {
  const fixture = await startListener();
  const transport = new WebSocketClientTransport({ url: new URL(fixture.url) });
  const rec = new Recorder(transport);
  const error = await rejection(transport.start());
  assert.ok(isTransportError(error, 'io_error'), String(error));
  assert.is((error as { detail?: { status?: number } }).detail?.status, 401);
  assert.is(rec.closes, 1);
  await fixture.listener.close();
});

for (const [selected, label] of [[false, 'no subprotocol'], ['other', 'another subprotocol']] as const) {
  test(`a server selecting ${label} rejects start with io_error naming the subprotocol, and fires onclose once`, async () => {
    const server = await rawServer(selected);
    const transport = new WebSocketClientTransport({ url: server.url });
    const rec = new Recorder(transport);
    const error = await rejection(transport.start());
    assert.ok(isTransportError(error, 'io_error'), String(error));
    assert.match((error as Error).message, 'did not select the mcp subprotocol');
    assert.is((error as { detail?: { reason?: string } }).detail?.reason, 'bad subprotocol');
    assert.is(rec.closes, 1);
    await server.close();
  });
}

test('offers subprotocol mcp and sends the configured headers', async () => {
  const server = await rawServer();
  const transport = new WebSocketClientTransport({ url: server.url, headers: { authorization: 'Bearer upstream-secret' } });
  await transport.start();
  const headers = await server.headers;
  assert.is(headers['sec-websocket-protocol'], 'mcp');
  assert.is(headers.authorization, 'Bearer upstream-secret');
  assert.not.match(transport.name, 'secret');
  await transport.close();
  await server.close();
});

test('the server hanging up is reported as io_error, then onclose; earlier messages are delivered', async () => {
  const server = await rawServer();
  const transport = new WebSocketClientTransport({ url: server.url });
  const rec = new Recorder(transport);
  await transport.start();
  await server.peer.writeFrame(JSON.stringify(request(1)));
  await server.peer.close();
  await rec.untilClosed();
  assert.equal(rec.messages, [request(1)]);
  assert.equal(rec.errorCodes, ['io_error']);
  assert.is(rec.errors[0]!.detail?.close_code, 1000);
  await server.close();
});

test('frames the server sends right after the handshake are delivered, not lost before start resolves', async () => {
  const server = await rawServer();
  void server.peer.writeFrame(JSON.stringify(request(1)));
  void server.peer.writeFrame(JSON.stringify(request(2)));
  const transport = new WebSocketClientTransport({ url: server.url });
  const rec = new Recorder(transport);
  await transport.start();
  await rec.untilMessages(2);
  assert.equal(rec.messages, [request(1), request(2)]);
  await transport.close();
  await server.close();
});

test('close() while connecting rejects start with closed and fires onclose once', async () => {
  const server = await rawServer();
  const transport = new WebSocketClientTransport({ url: server.url });
  const rec = new Recorder(transport);
  const starting = transport.start();
  await transport.close();
  const error = await rejection(starting);
  assert.ok(isTransportError(error, 'closed'), String(error));
  assert.is(rec.closes, 1);
  await server.close();
});

test('only ws: and wss: URLs are accepted', () => {
  assert.throws(() => new WebSocketClientTransport({ url: new URL('http://127.0.0.1/') }), /ws: or wss:/);
});

test('round trip: an SDK Client over this transport, through the listener, to an SDK McpServer', async () => {
  const fixture = await startListener();
  const server = buildServer();
  fixture.listener.onsession = async (session) => void (await server.connect(session.transport as unknown as SdkTransport));
  const transport = new WebSocketClientTransport({ url: new URL(fixture.url), headers: AUTH_HEADERS });
  const client = new Client({ name: 'ws-round-trip', version: '1.0.0' }, { capabilities: { sampling: {} } });
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({ model: 'test-model', role: 'assistant', content: { type: 'text', text: 'pong' } }));
  await client.connect(transport as unknown as SdkTransport);
  const listed = await client.listTools();
  assert.equal(listed.tools.map((tool) => tool.name).sort(), ['ask', 'count', 'echo']);
  const progress: number[] = [];
  const counted = await client.callTool({ name: 'count', arguments: { n: 2 } }, CallToolResultSchema, { onprogress: (p) => progress.push(p.progress) });
  assert.equal(progress, [1, 2]);
  assert.equal(counted.content, [{ type: 'text', text: 'counted 2' }]);
  assert.equal((await client.callTool({ name: 'ask', arguments: {} })).content, [{ type: 'text', text: 'client said pong' }]);
  await client.close();
  await server.close();
  await fixture.listener.close();
});

test.run();
