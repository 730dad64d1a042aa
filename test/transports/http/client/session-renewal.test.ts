import type http from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, JsonRpcMessage } from '../../../../engine/protocol/jsonrpc.js';
import { StreamableHttpClientTransport, type HttpClientTransportOptions } from '../../../../transports/http/client/transport.js';
import { delay, Recorder } from '../../recorder.js';
import { request } from '../../sample-messages.js';
import { Handshaken, INITIALIZE } from './handshaken.js';
import { PROTOCOL_VERSION, StreamablePeer } from './streamable-peer.js';

/** One POST as the server saw it: which session it came on and what it carried. */
interface Seen {
  readonly session: string | undefined;
  readonly message: JsonObject;
}

/**
 * A server that forgets sessions: a `tools/call` named `expire` drops the session it came on, and
 * everything sent on a forgotten session gets 404. Each initialize opens session s1, s2, ...
 * `answerInitialize` may answer a new session's initialize itself (returns true).
 */
class ForgetfulServer {
  readonly seen: Seen[] = [];
  readonly live = new Set<string>();
  count = 0;
  capabilities: JsonObject = { tools: { listChanged: true } };
  versionOf: (session: number) => string = () => PROTOCOL_VERSION;
  answerInitialize: ((res: http.ServerResponse, message: JsonObject) => boolean) | undefined;
  /** Set: GETs open a stream on a live session and get 404 on a forgotten one; else 405. */
  streams = false;
  readonly gets: Array<string | undefined> = [];
  /** The sessions of GETs that resumed a stream (Last-Event-ID). */
  readonly resumes: Array<string | undefined> = [];
  /** The standalone streams opened, in order. */
  readonly streamsOpen: http.ServerResponse[] = [];
  /** Methods answered with a JSON-RPC error on sessions after the first. */
  readonly refusedLater = new Set<string>();

  constructor(readonly peer: StreamablePeer) {
    peer.onPost = (message, res, req) => this.post(message as JsonObject, res, req);
    peer.onGet = (res, req) => this.get(res, req);
  }

  posts(method: string): Seen[] {
    return this.seen.filter((s) => s.message.method === method);
  }

  private post(message: JsonObject, res: http.ServerResponse, req: http.IncomingMessage): boolean {
    const session = header(req, 'mcp-session-id');
    this.seen.push({ session, message });
    if (message.method === 'initialize') return this.initialize(message, res);
    if (session === undefined || !this.live.has(session)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session not found"}}');
      return true;
    }
    if (message.id === undefined) {
      res.writeHead(202).end();
      return true;
    }
    const params = message.params as JsonObject | undefined;
    if (session !== 's1' && this.refusedLater.has(String(message.method))) {
      json(res, { jsonrpc: '2.0', id: message.id, error: { code: -32602, message: 'no such resource' } });
      return true;
    }
    if (params?.name === 'expire') this.live.delete(session);
    if (params?.name === 'hold') {
      res.writeHead(200, { 'content-type': 'text/event-stream' }).write('retry: 20\nid: e1\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}}\n\n');
      this.streamsOpen.push(res);
      return true;
    }
    json(res, { jsonrpc: '2.0', id: message.id, result: { session, name: params?.name ?? null } });
    return true;
  }

  private initialize(message: JsonObject, res: http.ServerResponse): boolean {
    if (this.count > 0 && this.answerInitialize?.(res, message)) return true;
    const session = `s${++this.count}`;
    this.live.add(session);
    const params = message.params as JsonObject;
    const result = { protocolVersion: this.versionOf(this.count), capabilities: this.capabilities, serverInfo: { name: 'forgetful', version: '1' }, echo: params };
    json(res, { jsonrpc: '2.0', id: message.id, result }, { 'mcp-session-id': session });
    return true;
  }

  private get(res: http.ServerResponse, req: http.IncomingMessage): boolean {
    const session = header(req, 'mcp-session-id');
    this.gets.push(session);
    if (header(req, 'last-event-id') !== undefined) this.resumes.push(session);
    if (!this.streams) res.writeHead(405).end();
    else if (session === undefined || !this.live.has(session)) res.writeHead(404).end();
    else {
      res.writeHead(200, { 'content-type': 'text/event-stream' }).write('retry: 20\n\n');
      this.streamsOpen.push(res);
    }
    return true;
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function json(res: http.ServerResponse, message: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(message));
}

interface Setup {
  readonly server: ForgetfulServer;
  readonly transport: StreamableHttpClientTransport;
  readonly rec: Recorder;
}

const live: Array<{ transport: StreamableHttpClientTransport; peer: StreamablePeer }> = [];

async function setup(options: Partial<HttpClientTransportOptions> = {}, prepare?: (server: ForgetfulServer) => void): Promise<Setup> {
  const peer = await StreamablePeer.listen();
  const server = new ForgetfulServer(peer);
  prepare?.(server);
  const transport = new StreamableHttpClientTransport({ url: peer.url, renewExpiredSession: true, ...options });
  live.push({ transport, peer });
  const wrapped = new Handshaken(transport, peer);
  const rec = new Recorder(wrapped);
  await wrapped.start();
  return { server, transport, rec };
}

test.after.each(async () => {
  for (const { transport, peer } of live.splice(0)) {
    await transport.close();
    await peer.close();
  }
});

/** Polls what no transport event announces (the server's side). */
async function eventually(ready: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(5);
  }
}

const call = (id: number | string, name: string): JsonRpcMessage => request(id, { name, arguments: {} });
const reasons = (rec: Recorder): unknown[] => rec.errors.map((e) => e.detail?.reason);
const answerTo = (rec: Recorder, id: number | string): JsonRpcMessage | undefined => rec.messages.find((m) => 'id' in m && m.id === id && !('method' in m));

test('a 404 starts a new session with the client\'s initialize; the 404\'d request is sent again and answered', async () => {
  const { server, transport, rec } = await setup();
  await transport.send(call(1, 'expire'));
  await rec.untilMessages(1);
  await transport.send(call(2, 'ok'));
  await transport.send(call(3, 'ok'));
  await rec.until(() => answerTo(rec, 2) !== undefined && answerTo(rec, 3) !== undefined, 'both answers');
  assert.equal(answerTo(rec, 2), { jsonrpc: '2.0', id: 2, result: { session: 's2', name: 'ok' } });
  assert.equal(answerTo(rec, 3), { jsonrpc: '2.0', id: 3, result: { session: 's2', name: 'ok' } });
  assert.is(transport.sessionId, 's2');
  // The new initialize: no session id, the client's own params, then initialized before anything else.
  const [, renewal] = server.posts('initialize');
  assert.is(renewal!.session, undefined);
  assert.equal(renewal!.message.params, (INITIALIZE as { params: JsonObject }).params);
  const onS2 = server.seen.filter((s) => s.session === 's2').map((s) => s.message.method ?? 'response');
  assert.equal(onS2[0], 'notifications/initialized');
  assert.is(server.seen.filter((s) => s.message.id === 2).length, 2, 'sent once on s1 (404), once on s2');
  // Warnings only, none naming a request: the engine must not answer the one being resent.
  assert.equal(reasons(rec), ['session_expired', 'session_renewed']);
  for (const error of rec.errors) assert.is(error.detail?.id, undefined);
  assert.is(rec.closes, 0);
  // The new session's initialize answer is the transport's own, never delivered.
  assert.not.ok(rec.messages.some((m) => 'id' in m && typeof m.id === 'string' && m.id.startsWith('mcp-warden-renew')));
});

test('the client is told its lists may have changed, for each list the server offers', async () => {
  const { transport, rec } = await setup({}, (server) => {
    server.capabilities = { tools: {}, prompts: { listChanged: true }, logging: {} };
  });
  await transport.send(call(1, 'expire'));
  await transport.send(call(2, 'ok'));
  await rec.until(() => answerTo(rec, 2) !== undefined, 'the answer');
  const notified = rec.messages.filter((m) => 'method' in m).map((m) => (m as { method: string }).method);
  assert.equal(notified, ['notifications/tools/list_changed', 'notifications/prompts/list_changed']);
});

test('a standalone stream answered 404 renews the session and reopens on the new one', async () => {
  const { server, transport, rec } = await setup({}, (s) => {
    s.streams = true;
  });
  await eventually(() => server.streamsOpen.length === 1, 'the standalone stream');
  await transport.send(call(1, 'expire'));
  await rec.untilMessages(1);
  // The server drops the stream of the session it forgot; the reopening GET gets 404.
  server.streamsOpen[0]!.destroy();
  await eventually(() => server.gets.includes('s2'), 'a GET on s2');
  await transport.send(call(2, 'ok'));
  await rec.until(() => answerTo(rec, 2) !== undefined, 'the answer');
  assert.equal(answerTo(rec, 2), { jsonrpc: '2.0', id: 2, result: { session: 's2', name: 'ok' } });
  assert.equal(reasons(rec), ['session_expired', 'session_renewed']);
  assert.is(rec.closes, 0);
});

test('a renewal seen by a POST moves the standalone stream to the new session, closing the old one', async () => {
  const { server, transport, rec } = await setup({}, (s) => {
    s.streams = true;
  });
  await eventually(() => server.streamsOpen.length === 1, 'the standalone stream');
  let oldClosed = false;
  server.streamsOpen[0]!.once('close', () => (oldClosed = true));
  await transport.send(call(1, 'expire'));
  await transport.send(call(2, 'ok'));
  await rec.until(() => answerTo(rec, 2) !== undefined, 'the answer');
  await eventually(() => server.streamsOpen.length === 2 && oldClosed, 'a stream on s2 and the old one closed');
  assert.equal(server.gets, ['s1', 's2']);
  assert.equal(reasons(rec), ['session_expired', 'session_renewed']);
});

test('a request in flight on the expired session is not resumed on the new one: reported with its id', async () => {
  const { server, transport, rec } = await setup();
  await transport.send(call('held', 'hold'));
  await rec.untilMessages(1);
  await transport.send(call(1, 'expire'));
  await transport.send(call(2, 'ok'));
  await rec.until(() => answerTo(rec, 2) !== undefined, 'the answer');
  server.streamsOpen[0]!.destroy();
  await rec.until(() => rec.errors.some((e) => e.detail?.id === 'held'), 'the held request given up');
  const given = rec.errors.find((e) => e.detail?.id === 'held')!;
  assert.is(given.detail?.reason, 'session_expired');
  await delay(100);
  assert.equal(server.resumes, [], 'no resumption on s2');
  assert.is(server.posts('notifications/cancelled').length, 0, 'nothing to cancel on a session that never saw it');
  assert.is(rec.closes, 0);
});

test('a new session with another protocol version ends the session', async () => {
  const { transport, rec } = await setup({}, (server) => {
    server.versionOf = (n) => (n === 1 ? PROTOCOL_VERSION : '2025-03-26');
  });
  await transport.send(call(1, 'expire'));
  await transport.send(call(2, 'ok'));
  await rec.untilClosed();
  assert.equal(reasons(rec), ['session_expired', 'session_renewal_failed']);
  assert.match(rec.errors[1]!.message, /protocol version "2025-03-26", not the 2025-06-18 the client negotiated/);
  assert.is(answerTo(rec, 2), undefined, 'nothing delivered for it: the closing transport leaves it to the engine');
});

test('expiring more than three times within a minute gives up', async () => {
  const { transport, rec } = await setup();
  for (let round = 0; round < 4; round++) {
    await transport.send(call(`x${round}`, 'expire'));
    await transport.send(call(`ok${round}`, 'ok'));
    if (round < 3) await rec.until(() => answerTo(rec, `ok${round}`) !== undefined, `answer ${round}`);
  }
  await rec.untilClosed();
  const last = rec.errors.at(-1)!;
  assert.is(last.detail?.reason, 'session_expired_repeatedly');
  assert.match(last.message, /expired 4 times within 60 s/);
  assert.is(reasons(rec).filter((r) => r === 'session_renewed').length, 3);
});

test('the new initialize answered with an HTTP error gives up', async () => {
  const { transport, rec } = await setup({}, (server) => {
    server.answerInitialize = (res) => {
      res.writeHead(503).end();
      return true;
    };
  });
  await transport.send(call(1, 'expire'));
  await transport.send(call(2, 'ok'));
  await rec.untilClosed();
  assert.equal(reasons(rec), ['session_expired', 'session_renewal_failed']);
  assert.match(rec.errors[1]!.message, /HTTP 503/);
});

test('the new initialize answered with a JSON-RPC error gives up', async () => {
  const { transport, rec } = await setup({}, (server) => {
    server.answerInitialize = (res, message) => {
      json(res, { jsonrpc: '2.0', id: message.id, error: { code: -32600, message: 'no' } }, { 'mcp-session-id': 'sx' });
      return true;
    };
  });
  await transport.send(call(1, 'expire'));
  await transport.send(call(2, 'ok'));
  await rec.untilClosed();
  assert.equal(reasons(rec), ['session_expired', 'session_renewal_failed']);
  assert.match(rec.errors[1]!.message, /error -32600/);
});

test('the new initialize left unanswered gives up after the request timeout', async () => {
  const { transport, rec } = await setup({ requestTimeoutMs: 200 }, (server) => {
    server.answerInitialize = (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'mcp-session-id': 'slow' }).write(': thinking\n\n');
      return true;
    };
  });
  await transport.send(call(1, 'expire'));
  await transport.send(call(2, 'ok'));
  await rec.untilClosed();
  assert.equal(reasons(rec), ['session_expired', 'session_renewal_failed']);
  assert.match(rec.errors[1]!.message, /within 200 ms/);
});

test('without renewExpiredSession a 404 still ends the session', async () => {
  const { transport, rec } = await setup({ renewExpiredSession: false });
  await transport.send(call(1, 'expire'));
  await transport.send(call(2, 'ok'));
  await rec.untilClosed();
  assert.equal(rec.errors.map((e) => e.detail), [{ status: 404, reason: 'session_expired', id: 2 }]);
});


const subscribe = (id: number, uri: string, method = 'resources/subscribe'): JsonRpcMessage => ({ jsonrpc: '2.0', id, method, params: { uri } });
const setLevel = (id: number, level: string): JsonRpcMessage => ({ jsonrpc: '2.0', id, method: 'logging/setLevel', params: { level } });

test('the new session is given the client\'s log level and subscriptions, and the client reads the subscribed resources again', async () => {
  const { server, transport, rec } = await setup();
  await transport.send(setLevel(1, 'info'));
  await transport.send(setLevel(2, 'debug'));
  await transport.send(subscribe(3, 'file:///a'));
  await transport.send(subscribe(4, 'file:///b'));
  await transport.send(subscribe(5, 'file:///c'));
  await transport.send(subscribe(6, 'file:///b', 'resources/unsubscribe'));
  await rec.until(() => answerTo(rec, 6) !== undefined, 'the set-up answered');
  await transport.send(call(7, 'expire'));
  await transport.send(call(8, 'ok'));
  await rec.until(() => answerTo(rec, 8) !== undefined, 'the answer');
  const onS2 = server.seen.filter((s) => s.session === 's2').map((s) => [s.message.method, s.message.params]);
  assert.equal(onS2.slice(0, 4), [
    ['notifications/initialized', undefined],
    ['logging/setLevel', { level: 'debug' }],
    ['resources/subscribe', { uri: 'file:///a' }],
    ['resources/subscribe', { uri: 'file:///c' }],
  ]);
  // Their answers are the transport's own; the client hears that the resources may have changed.
  assert.not.ok(rec.messages.some((m) => 'id' in m && typeof m.id === 'string'));
  const updated = rec.messages.filter((m) => 'method' in m && m.method === 'notifications/resources/updated').map((m) => (m as { params: unknown }).params);
  assert.equal(updated, [{ uri: 'file:///a' }, { uri: 'file:///c' }]);
  assert.equal(reasons(rec), ['session_expired', 'session_renewed']);
  assert.is(rec.errors[1]!.detail?.subscriptions, 2);
});

test('a set-up refused by the new session is a warning naming what was lost; the session goes on', async () => {
  const { server, transport, rec } = await setup({}, (s) => {
    s.refusedLater.add('resources/subscribe');
  });
  await transport.send(subscribe(1, 'file:///gone'));
  await rec.until(() => answerTo(rec, 1) !== undefined, 'the subscription');
  await transport.send(call(2, 'expire'));
  await transport.send(call(3, 'ok'));
  await rec.until(() => answerTo(rec, 3) !== undefined, 'the answer');
  assert.equal(reasons(rec), ['session_expired', 'setup_not_renewed', 'session_renewed']);
  assert.equal(rec.errors[1]!.detail, { reason: 'setup_not_renewed', method: 'resources/subscribe', uri: 'file:///gone' });
  assert.match(rec.errors[1]!.message, /error -32602/);
  assert.not.ok(rec.messages.some((m) => 'method' in m && m.method === 'notifications/resources/updated'));
  assert.is(rec.closes, 0);
  assert.is(server.posts('resources/subscribe').length, 2);
});

test('a subscription the server refused, or whose answer never came, is not given to the new session', async () => {
  const { server, transport, rec } = await setup({}, (s) => {
    s.refusedLater.add('resources/subscribe');
  });
  await transport.send(call(1, 'expire'));
  await transport.send(call(2, 'ok'));
  await rec.until(() => answerTo(rec, 2) !== undefined, 'the renewal');
  await transport.send(subscribe(3, 'file:///refused'));
  await rec.until(() => answerTo(rec, 3) !== undefined, 'the refusal');
  server.refusedLater.clear();
  await transport.send(call(4, 'expire'));
  await transport.send(call(5, 'ok'));
  await rec.until(() => answerTo(rec, 5) !== undefined, 'the second renewal');
  assert.is(server.posts('resources/subscribe').length, 1);
  assert.equal(reasons(rec), ['session_expired', 'session_renewed', 'session_expired', 'session_renewed']);
});

test.run();
