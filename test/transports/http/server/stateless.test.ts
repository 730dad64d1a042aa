/** 2026-07-28: no sessions, one request per POST, headers mirroring the body. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AcceptedSession } from '../../../../transports/contract.js';
import { StreamableHttpListener } from '../../../../transports/http/server/listener.js';
import { Recorder } from '../../recorder.js';
import { anonymous, exchange, openStream, POST_HEADERS } from './fixtures.js';
import { until } from '../../../support/until.js';

const V = { 'mcp-protocol-version': '2026-07-28' };
const CALL = { jsonrpc: '2.0', id: 'c1', method: 'tools/call', params: { name: 'echo', arguments: {} } };

async function serve(): Promise<{ listener: StreamableHttpListener; sessions: AcceptedSession[]; recorders: Recorder[] }> {
  const listener = new StreamableHttpListener({ url: new URL('http://127.0.0.1:0/mcp'), authenticator: anonymous });
  const sessions: AcceptedSession[] = [];
  const recorders: Recorder[] = [];
  listener.onsession = async (session) => {
    sessions.push(session);
    recorders.push(new Recorder(session.transport));
    await session.transport.start();
  };
  await listener.start();
  return { listener, sessions, recorders };
}

test('each request is a session of one: delivered, answered, then the transport closes itself', async () => {
  const { listener, sessions, recorders } = await serve();
  const answer = exchange(listener.url, 'POST', { ...POST_HEADERS, ...V, 'mcp-method': 'tools/call', 'mcp-name': 'echo' }, JSON.stringify(CALL));
  await until(() => recorders[0]?.messages.length === 1, 'the message', 3000);
  const transport = sessions[0]!.transport;
  assert.is(transport.sessionId, undefined);
  assert.is(transport.protocolVersion, '2026-07-28');
  await transport.send({ jsonrpc: '2.0', id: 'c1', result: { content: [] } });
  const { status, headers, body } = await answer;
  assert.is(status, 200);
  assert.is(headers['mcp-session-id'], undefined);
  assert.equal(JSON.parse(body), { jsonrpc: '2.0', id: 'c1', result: { content: [] } });
  await recorders[0]!.untilClosed();
  await listener.close();
});

test('closing the listener while a request is open closes its session once: onclose fires exactly once', async () => {
  const { listener, recorders } = await serve();
  const answer = exchange(listener.url, 'POST', { ...POST_HEADERS, ...V, 'mcp-method': 'tools/call', 'mcp-name': 'echo' }, JSON.stringify(CALL));
  await until(() => recorders[0]?.messages.length === 1, 'the message', 3000);
  await listener.close();
  await answer.catch(() => undefined);
  assert.is(recorders[0]!.closes, 1);
});

test('related messages before the answer make it an SSE stream; the session ends with it', async () => {
  const { listener, sessions, recorders } = await serve();
  const stream = openStream(listener.url, 'POST', { ...POST_HEADERS, ...V, 'mcp-method': 'tools/call', 'mcp-name': 'echo' }, JSON.stringify(CALL));
  await until(() => recorders[0]?.messages.length === 1, 'the message', 3000);
  const transport = sessions[0]!.transport;
  await transport.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } });
  await transport.send({ jsonrpc: '2.0', id: 'c1', result: { content: [] } });
  const reader = await stream;
  assert.is((await reader.json()).message.method, 'notifications/progress');
  assert.is((await reader.json()).message.id, 'c1');
  await reader.untilEnd();
  await recorders[0]!.untilClosed();
  await listener.close();
});

test('a notification gets 202 and its one-message session closes', async () => {
  const { listener, recorders } = await serve();
  const answer = await exchange(listener.url, 'POST', { ...POST_HEADERS, ...V, 'mcp-method': 'notifications/x' }, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/x' }));
  assert.is(answer.status, 202);
  await recorders[0]!.untilClosed();
  assert.is(recorders[0]!.messages.length, 1);
  await listener.close();
});

test('Mcp-Method and Mcp-Name must mirror the body (400, -32020); GET and DELETE get 405', async () => {
  const { listener, sessions } = await serve();
  const cases: Array<Record<string, string>> = [
    {},
    { 'mcp-method': 'tools/list', 'mcp-name': 'echo' },
    { 'mcp-method': 'tools/call' },
    { 'mcp-method': 'tools/call', 'mcp-name': 'other' },
  ];
  for (const headers of cases) {
    const answer = await exchange(listener.url, 'POST', { ...POST_HEADERS, ...V, ...headers }, JSON.stringify(CALL));
    assert.is(answer.status, 400, JSON.stringify(headers));
    const body = JSON.parse(answer.body) as { id?: unknown; error: { code: number } };
    assert.is(body.error.code, -32020);
    assert.is(body.id, 'c1', 'the body was read, so its id is echoed (a HeaderMismatchError id may not be null)');
  }
  const note = await exchange(listener.url, 'POST', { ...POST_HEADERS, ...V, 'mcp-method': 'notifications/y' }, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/x' }));
  assert.is(note.status, 400);
  assert.not.ok('id' in (JSON.parse(note.body) as object), 'no id to echo: left out, not null');
  const read = { jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: 'file:///a' } };
  const wrongUri = await exchange(listener.url, 'POST', { ...POST_HEADERS, ...V, 'mcp-method': 'resources/read', 'mcp-name': 'file:///b' }, JSON.stringify(read));
  assert.is(wrongUri.status, 400);
  assert.is(sessions.length, 0);
  assert.is((await exchange(listener.url, 'GET', { accept: 'text/event-stream', ...V })).status, 405);
  assert.is((await exchange(listener.url, 'DELETE', V)).status, 405);
  await listener.close();
});

test.run();
