/** The listener's HTTP behaviour, status by status, with a raw HTTP client. */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage } from '../../../../engine/protocol/jsonrpc.js';
import type { AcceptedSession, Rejection } from '../../../../transports/contract.js';
import { StreamableHttpListener, type StreamableHttpListenerOptions } from '../../../../transports/http/server/listener.js';
import { delay, Recorder } from '../../recorder.js';
import { anonymous, bearerNames, exchange, openStream, POST_HEADERS, type Answer, type SseReader } from './fixtures.js';
import { until } from '../../../support/until.js';
import { selfSignedCertificate } from '../../../support/self-signed.js';

const INIT = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } } };

interface Served {
  readonly listener: StreamableHttpListener;
  readonly url: string;
  readonly sessions: AcceptedSession[];
  readonly recorders: Recorder[];
  readonly rejections: Rejection[];
}

const open: StreamableHttpListener[] = [];
test.after.each(async () => {
  for (const listener of open.splice(0)) await listener.close();
});

async function serve(options: Partial<StreamableHttpListenerOptions> = {}): Promise<Served> {
  const listener = new StreamableHttpListener({ url: new URL('http://127.0.0.1:0/mcp'), authenticator: anonymous, ...options });
  open.push(listener);
  const served: Served = { listener, url: '', sessions: [], recorders: [], rejections: [] };
  listener.onsession = async (session) => {
    served.sessions.push(session);
    served.recorders.push(new Recorder(session.transport));
    await session.transport.start();
  };
  listener.onrejected = async (rejection) => void served.rejections.push(rejection);
  await listener.start();
  return { ...served, url: listener.url };
}

/** Opens a session and answers its initialize; returns its id. */
async function initialized(served: Served, headers: Record<string, string> = {}): Promise<string> {
  const index = served.sessions.length;
  const pending = exchange(served.url, 'POST', { ...POST_HEADERS, ...headers }, JSON.stringify(INIT));
  await until(() => served.recorders[index]?.messages.length === 1, 'the message', 3000);
  await served.sessions[index]!.transport.send({ jsonrpc: '2.0', id: 0, result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 's', version: '0' } } });
  const answer = await pending;
  assert.is(answer.status, 200);
  return answer.headers['mcp-session-id'] as string;
}

function post(served: Served, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return exchange(served.url, 'POST', { ...POST_HEADERS, ...headers }, typeof body === 'string' ? body : JSON.stringify(body));
}

/** The refusal's error; its id is the refused request's when the body was read (`id`), else null. */
function errorOf(answer: Answer, id: string | number | null = null): { code: number; message: string } {
  const body = JSON.parse(answer.body) as { jsonrpc: string; id: unknown; error: { code: number; message: string } };
  assert.is(body.jsonrpc, '2.0');
  assert.is(body.id, id);
  assert.is.not(body.error.code, -32001);
  return body.error;
}

test('url is the real address after start; only the configured path is served', async () => {
  const served = await serve();
  assert.match(served.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  assert.not.match(served.url, /:0\//);
  const answer = await post({ ...served, url: served.url.replace('/mcp', '/other') }, INIT);
  assert.is(answer.status, 404);
  assert.is(served.rejections[0]!.code, 'not_found');
  assert.is((await post({ ...served, url: `${served.url}/` }, INIT)).status, 404);
  const withQuery = post({ ...served, url: `${served.url}?client=t` }, INIT);
  await until(() => served.recorders[0]?.messages.length === 1, 'the request with a query', 3000);
  await served.sessions[0]!.transport.send({ jsonrpc: '2.0', id: 0, result: {} });
  assert.is((await withQuery).status, 200, 'a query does not change the path');
});

test('initialize opens a session: random Mcp-Session-Id, the message delivered with the principal, a JSON answer', async () => {
  const served = await serve();
  const id = await initialized(served);
  assert.match(id, /^[A-Za-z0-9_-]{32}$/);
  assert.is(served.sessions[0]!.transport.sessionId, id);
  assert.is(served.sessions[0]!.kind, 'streamable-http');
  assert.equal(served.recorders[0]!.messages, [INIT]);
  const second = await initialized(served);
  assert.is.not(second, id);
});

test('an initialize answered with an error opens no session: no Mcp-Session-Id, and the session ends (its upstream with it)', async () => {
  const served = await serve();
  const pending = post(served, INIT);
  await until(() => served.recorders[0]?.messages.length === 1, 'the initialize', 3000);
  await served.sessions[0]!.transport.send({ jsonrpc: '2.0', id: 0, error: { code: -32003, message: 'Denied by mcp-warden policy: unknown client' } });
  const answer = await pending;
  assert.is(answer.status, 200);
  assert.is(errorOf(answer, 0).code, -32003);
  assert.is(answer.headers['mcp-session-id'], undefined);
  await until(() => served.recorders[0]!.closes === 1, 'the session closed', 3000);
  const id = await initialized(served);
  assert.ok(id, 'a later initialize opens a session as usual');
  assert.is(served.recorders[1]!.closes, 0);
});

test('a client that hangs up before its initialize is answered leaves no session behind: nobody holds its id', async () => {
  const served = await serve();
  const opening = httpRequest(served.url, { method: 'POST', headers: POST_HEADERS }).on('error', () => undefined);
  opening.end(JSON.stringify(INIT));
  await until(() => served.recorders[0]?.messages.length === 1, 'the initialize', 3000);
  opening.destroy();
  await until(() => served.recorders[0]!.closes === 1, 'the session closed', 3000);
});

test('POST refusals: 406 Accept, 415 Content-Type, 400 without session, 404 unknown session, 400 bad version', async () => {
  const served = await serve();
  const id = await initialized(served);
  assert.is((await post(served, INIT, { accept: 'application/json' })).status, 406);
  assert.is((await post(served, INIT, { 'content-type': 'text/plain' })).status, 415);
  const noSession = await post(served, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
  assert.is(noSession.status, 400);
  assert.is(errorOf(noSession, 1).code, -32600);
  assert.is((await post(served, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-session-id': 'nope' })).status, 404);
  const badVersion = await post(served, { jsonrpc: '2.0', method: 'x' }, { 'mcp-session-id': id, 'mcp-protocol-version': '1999-01-01' });
  assert.is(badVersion.status, 400);
  const oldServer = await post(served, { jsonrpc: '2.0', method: 'x' }, { 'mcp-session-id': id, 'mcp-protocol-version': '2024-11-05' });
  assert.is(oldServer.status, 202, 'the revision an upstream of 2024-11-05 negotiates');
  const again = await post(served, { ...INIT, id: 'again' }, { 'mcp-session-id': id });
  assert.is(again.status, 400);
  assert.is(errorOf(again, 'again').code, -32600);
  assert.equal(served.rejections.map((r) => [r.status, r.code]), [
    [406, 'not_acceptable'], [415, 'unsupported_media_type'], [400, 'session_required'], [404, 'unknown_session'], [400, 'bad_protocol_version'],
    [400, 'already_initialized'],
  ]);
  assert.is(served.recorders[0]!.messages.filter((m) => 'method' in m && m.method === 'initialize').length, 1, 'the second initialize never reached the session');
  assert.is(served.rejections[2]!.method, 'tools/list');
});

test('bad bodies: parse error -32700, batches refused by name, oversize 413; each reported once, on the session, as already answered', async () => {
  const served = await serve({ maxMessageBytes: 1000 });
  const id = await initialized(served);
  const headers = { 'mcp-session-id': id };
  const parse = await post(served, '{oops', headers);
  assert.is(parse.status, 400);
  assert.is(errorOf(parse).code, -32700);
  const batch = await post(served, [{ jsonrpc: '2.0', method: 'a' }], headers);
  assert.is(batch.status, 400);
  assert.match(errorOf(batch).message, 'batches are not supported');
  const big = await post(served, { jsonrpc: '2.0', method: 'a', params: { pad: 'x'.repeat(2000) } }, headers);
  assert.is(big.status, 413);
  assert.equal(served.recorders[0]!.errorCodes, ['frame_parse', 'frame_invalid', 'frame_too_large']);
  // The HTTP answer is the reply: the session's mediator journals the frame and answers nothing more.
  assert.ok(served.recorders[0]!.errors.every((e) => e.detail?.answered === true));
  assert.equal(served.rejections, [], 'not journaled a second time as a listener refusal');
});

test('an invalid request is refused -32600 under its id as written, a fractional one too; one whose id cannot be read under null', async () => {
  const served = await serve();
  const id = await initialized(served);
  const headers = { 'mcp-session-id': id };
  const badParams = await post(served, '{"jsonrpc":"2.0","id":4,"method":"tools/list","params":[1]}', headers);
  assert.is(badParams.status, 400);
  assert.is(errorOf(badParams, 4).code, -32600);
  const fractional = await post(served, '{"jsonrpc":"2.0","id":1.50,"method":"tools/list"}', headers);
  assert.ok(fractional.body.startsWith('{"jsonrpc":"2.0","id":1.50,"error":{"code":-32600,'), fractional.body);
  const unreadable = await post(served, '{"jsonrpc":"2.0","id":{},"method":"tools/list"}', headers);
  assert.is(errorOf(unreadable).code, -32600);
});

test('a notification or response gets 202 and no body', async () => {
  const served = await serve();
  const id = await initialized(served);
  const answer = await post(served, { jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': id });
  assert.is(answer.status, 202);
  assert.is(answer.body, '');
  assert.is(served.recorders[0]!.messages.length, 2);
});

/** Request 5 POSTed on a new session and answered with `answer` after one progress notification: the POST's event stream. */
async function progressThenAnswer(served: Served, answer: JsonRpcMessage): Promise<{ id: string; reader: SseReader }> {
  const id = await initialized(served);
  const stream = openStream(served.url, 'POST', { ...POST_HEADERS, 'mcp-session-id': id }, JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 't' } }));
  await served.recorders[0]!.untilMessages(2);
  const transport = served.sessions[0]!.transport;
  await transport.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } }, { relatedRequestId: 5 });
  await transport.send(answer);
  return { id, reader: await stream };
}

test('a request answered after a related notification becomes an SSE stream that ends after the response', async () => {
  const served = await serve();
  const { id, reader } = await progressThenAnswer(served, { jsonrpc: '2.0', id: 5, result: { content: [] } });
  assert.is(reader.res.headers['content-type'], 'text/event-stream');
  assert.is(reader.res.headers['mcp-session-id'], id);
  assert.is((await reader.json()).message.method, 'notifications/progress');
  assert.is((await reader.json()).message.id, 5);
  await reader.untilEnd();
});

test('GET resuming a request stream that already ended replays what is left and ends too, instead of waiting forever', async () => {
  const served = await serve();
  const { id, reader } = await progressThenAnswer(served, { jsonrpc: '2.0', id: 5, error: { code: -32603, message: 'failed' } });
  const progress = await reader.json();
  const answer = await reader.json();
  await reader.untilEnd();
  const headers = { accept: 'text/event-stream', 'mcp-session-id': id };
  const afterAll = await openStream(served.url, 'GET', { ...headers, 'last-event-id': answer.id! });
  assert.is(afterAll.status, 200);
  await afterAll.untilEnd(2000);
  const afterProgress = await openStream(served.url, 'GET', { ...headers, 'last-event-id': progress.id! });
  assert.is((await afterProgress.json()).message.id, 5);
  await afterProgress.untilEnd(2000);
});

test('notifications/cancelled ends the cancelled request\'s event stream, which will get no response; its id is free again', async () => {
  const served = await serve();
  const id = await initialized(served);
  const call = JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 't' } });
  const stream = openStream(served.url, 'POST', { ...POST_HEADERS, 'mcp-session-id': id }, call);
  await served.recorders[0]!.untilMessages(2);
  for (const progress of [1, 2]) await served.sessions[0]!.transport.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress } }, { relatedRequestId: 5 });
  const reader = await stream;
  const first = await reader.json();
  const cancel = await post(served, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 5 } }, { 'mcp-session-id': id });
  assert.is(cancel.status, 202);
  assert.is(served.recorders[0]!.messages.length, 3, 'the cancellation is delivered as any notification');
  await reader.untilEnd(2000);
  const resumed = await openStream(served.url, 'GET', { accept: 'text/event-stream', 'mcp-session-id': id, 'last-event-id': first.id! });
  assert.equal((await resumed.json()).message.params, { progressToken: 1, progress: 2 });
  await resumed.untilEnd(2000);
  const again = openStream(served.url, 'POST', { ...POST_HEADERS, 'mcp-session-id': id }, call);
  await served.recorders[0]!.untilMessages(4);
  await served.sessions[0]!.transport.send({ jsonrpc: '2.0', id: 5, result: { content: [] } });
  assert.is((await again).status, 200, 'not 400 for a duplicate id');
});

test('GET: the standalone stream, 409 for a second one, Last-Event-ID replays what came after', async () => {
  const served = await serve();
  const id = await initialized(served);
  const headers = { accept: 'text/event-stream', 'mcp-session-id': id };
  const first = await openStream(served.url, 'GET', headers);
  assert.is(first.status, 200);
  assert.is((await exchange(served.url, 'GET', headers)).status, 409);
  const transport = served.sessions[0]!.transport;
  for (const n of [1, 2, 3]) await transport.send({ jsonrpc: '2.0', method: 'note', params: { n } });
  const one = await first.json();
  await first.json();
  await first.json();
  first.close();
  await delay(50);
  const again = await openStream(served.url, 'GET', { ...headers, 'last-event-id': one.id! });
  assert.equal([(await again.json()).message.params, (await again.json()).message.params], [{ n: 2 }, { n: 3 }]);
  again.close();
});

test('GET with Last-Event-ID takes the stream over from a connection still holding it (its client silently gone); g.0 replays all', async () => {
  const served = await serve();
  const id = await initialized(served);
  const headers = { accept: 'text/event-stream', 'mcp-session-id': id };
  const stale = await openStream(served.url, 'GET', headers);
  const transport = served.sessions[0]!.transport;
  await transport.send({ jsonrpc: '2.0', method: 'note', params: { n: 1 } });
  const seen = await stale.json();
  await transport.send({ jsonrpc: '2.0', method: 'note', params: { n: 2 } });
  const resumed = await openStream(served.url, 'GET', { ...headers, 'last-event-id': seen.id! });
  assert.is(resumed.status, 200, 'not 409: the resuming client wins');
  assert.equal((await resumed.json()).message.params, { n: 2 });
  await stale.untilEnd();
  await transport.send({ jsonrpc: '2.0', method: 'note', params: { n: 3 } });
  assert.equal((await resumed.json()).message.params, { n: 3 });
  resumed.close();
  await delay(50);
  const fromStart = await openStream(served.url, 'GET', { ...headers, 'last-event-id': 'g.0' });
  assert.equal([(await fromStart.json()).message.params, (await fromStart.json()).message.params, (await fromStart.json()).message.params], [{ n: 1 }, { n: 2 }, { n: 3 }]);
  fromStart.close();
});

test('messages sent while no stream is open wait for the next GET', async () => {
  const served = await serve();
  const id = await initialized(served);
  await served.sessions[0]!.transport.send({ jsonrpc: '2.0', method: 'early' });
  const stream = await openStream(served.url, 'GET', { accept: 'text/event-stream', 'mcp-session-id': id });
  assert.is((await stream.json()).message.method, 'early');
  stream.close();
});

test('SSE streams carry keepalive comments', async () => {
  const served = await serve({ keepAliveMs: 20 });
  const id = await initialized(served);
  const stream = await openStream(served.url, 'GET', { accept: 'text/event-stream', 'mcp-session-id': id });
  await until(() => stream.comments >= 2, 'two keepalive comments', 3000);
  stream.close();
});

test('DELETE closes the session transport (onclose once) and answers 204; the session is then gone', async () => {
  const served = await serve();
  const id = await initialized(served);
  const answer = await exchange(served.url, 'DELETE', { 'mcp-session-id': id });
  assert.is(answer.status, 204);
  assert.is(served.recorders[0]!.closes, 1);
  assert.is((await exchange(served.url, 'DELETE', { 'mcp-session-id': id })).status, 404);
});

test('Host and Origin: 403 unless allowed; CORS preflight for allowed origins exposes Mcp-Session-Id', async () => {
  const served = await serve({ allowedOrigins: ['http://app.example'] });
  const port = new URL(served.url).port;
  assert.is((await post(served, INIT, { host: `evil.example:${port}` })).status, 403);
  assert.is((await post(served, INIT, { host: `localhost:${port}`, origin: 'http://evil.example' })).status, 403);
  assert.equal(served.rejections.map((r) => r.code), ['bad_host', 'bad_origin']);
  const preflight = await exchange(served.url, 'OPTIONS', { origin: 'http://app.example', 'access-control-request-method': 'POST' });
  assert.is(preflight.status, 204);
  assert.is(preflight.headers['access-control-allow-origin'], 'http://app.example');
  for (const header of ['mcp-session-id', 'authorization', 'x-api-key']) assert.match(String(preflight.headers['access-control-allow-headers']), header, 'every header a browser client sends: the session and either credential');
  const id = await initialized(served, { origin: 'http://app.example', host: `[::1]:${port}` });
  assert.ok(id);
});

test('allowed origins are compared as browsers send them, as the WebSocket listener does; a malformed one is refused at once', async () => {
  const served = await serve({ allowedOrigins: ['https://App.example:443/'] });
  assert.ok(await initialized(served, { origin: 'https://app.example' }));
  assert.is((await post(served, INIT, { origin: 'https://app.example:8443' })).status, 403);
  assert.throws(() => new StreamableHttpListener({ url: new URL('http://127.0.0.1:0/mcp'), authenticator: anonymous, allowedOrigins: ['app.example'] }), /Invalid URL/);
});

test('a listener on every interface accepts the loopback names by default, and no other name until listed', async () => {
  const served = await serve({ url: new URL('http://0.0.0.0:0/mcp') });
  const port = new URL(served.url).port;
  const local = { ...served, url: `http://127.0.0.1:${port}/mcp` };
  assert.is((await post(local, INIT, { host: `mcp.example:${port}` })).status, 403);
  assert.ok(await initialized(local, { host: `127.0.0.1:${port}` }));
  assert.ok(await initialized(local, { host: `localhost:${port}` }));
});

test('a listed name without a port is the scheme\'s default port, as behind a proxy on port 80; the listener\'s Host checks match the WebSocket listener\'s', async () => {
  const served = await serve({ allowedHosts: ['Warden.Example', 'api.example:8080'] });
  assert.ok(await initialized(served, { host: 'warden.example' }));
  assert.ok(await initialized(served, { host: 'warden.example:80' }));
  assert.ok(await initialized(served, { host: 'API.example:8080' }));
  assert.is((await post(served, INIT, { host: 'api.example' })).status, 403, 'api.example is listed on 8080 only');
  assert.is((await post(served, INIT, { host: 'warden.example:8443' })).status, 403);
});

test('401 with WWW-Authenticate; onrejected is awaited before the answer; another principal cannot use a session', async () => {
  const served = await serve({ authenticator: bearerNames });
  const order: string[] = [];
  served.listener.onrejected = async (rejection) => {
    await delay(30);
    order.push('journaled');
    served.rejections.push(rejection);
  };
  const refused = await post(served, INIT).then((answer) => (order.push('answered'), answer));
  assert.equal(order, ['journaled', 'answered']);
  assert.is(refused.status, 401);
  assert.is(refused.headers['www-authenticate'], 'Bearer realm="warden"');
  assert.is(served.rejections[0]!.code, 'unauthenticated');
  assert.is(served.rejections[0]!.source, '127.0.0.1', 'the peer, for per-source accounting');
  const id = await initialized(served, { authorization: 'Bearer alice' });
  assert.is(served.sessions[0]!.principal.id, 'alice');
  const stolen = await post(served, { jsonrpc: '2.0', method: 'x' }, { authorization: 'Bearer mallory', 'mcp-session-id': id });
  assert.is(stolen.status, 403);
  assert.is(served.rejections[1]!.principal?.id, 'mallory');
});

test('onsession rejecting refuses the client with 503 and its message; no session exists', async () => {
  const served = await serve();
  served.listener.onsession = async () => {
    throw new Error('gateway full');
  };
  const answer = await post(served, INIT);
  assert.is(answer.status, 503);
  assert.is(answer.headers['retry-after'], '5');
  assert.is(errorOf(answer).message, 'gateway full');
  assert.equal(served.rejections, []);
});

test('close() closes live sessions and the server, also with SSE streams open', async () => {
  const served = await serve();
  const id = await initialized(served);
  const stream = await openStream(served.url, 'GET', { accept: 'text/event-stream', 'mcp-session-id': id });
  await served.listener.close();
  assert.is(served.recorders[0]!.closes, 1);
  await stream.untilEnd();
  await exchange(served.url, 'POST', POST_HEADERS, JSON.stringify(INIT)).then(
    () => assert.unreachable('the server still answers'),
    () => undefined,
  );
});

test('HTTPS with a self-signed certificate', async () => {
  const tls = selfSignedCertificate();
  if (!tls) return console.log('skipped HTTPS test: openssl is not available to make a certificate');
  const { cert, key } = tls;
  const served = await serve({ url: new URL('https://127.0.0.1:0/mcp'), tls: { cert, key } });
  assert.match(served.url, /^https:/);
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpsRequest(served.url, { method: 'POST', headers: POST_HEADERS, ca: cert }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ jsonrpc: '2.0', method: 'x' }));
  });
  assert.is(status, 400);
});

test.run();
