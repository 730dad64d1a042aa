/**
 * The upstream transport's two lanes (lanes.ts): a tool that asks the client something before it
 * answers keeps its request's connection open, and must still get the answer however many such
 * calls are open at once; messages never wait behind requests; past the bound a request is
 * refused with its id, never left waiting.
 */
import http from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage, RequestId } from '../../../../engine/protocol/jsonrpc.js';
import { StreamableHttpClientTransport, type HttpClientTransportOptions } from '../../../../transports/http/client/transport.js';
import { until } from '../../../support/until.js';
import { delay, Recorder } from '../../recorder.js';
import { request } from '../../sample-messages.js';
import { Handshaken, INITIALIZED } from './handshaken.js';
import { sdkUpstream } from './sdk-upstream.js';
import { StreamablePeer } from './streamable-peer.js';

/** Twice the old single pool of 32 sockets, which these calls used to fill and deadlock. */
const CALLS = 64;
const SAMPLED = { model: 'test', role: 'assistant', content: { type: 'text', text: 'pong' } };
const INITIALIZE_ASKABLE: JsonRpcMessage = {
  jsonrpc: '2.0', id: 'init', method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: { sampling: {}, roots: {} }, clientInfo: { name: 'warden-test', version: '0' } },
};

/** A transport whose client answers every server request at once, as one with sampling and roots would. */
function answering(options: HttpClientTransportOptions): { transport: StreamableHttpClientTransport; rec: Recorder } {
  const transport = new StreamableHttpClientTransport(options);
  const rec = new Recorder(transport);
  const recorded = transport.onmessage!;
  transport.onmessage = (message, extra) => {
    recorded(message, extra);
    // Sends still waiting when a failed test closes the transport reject: that is no news.
    if ('method' in message && 'id' in message) transport.send({ jsonrpc: '2.0', id: message.id, result: SAMPLED }).catch(() => undefined);
  };
  return { transport, rec };
}

async function handshake(transport: StreamableHttpClientTransport, rec: Recorder): Promise<void> {
  await transport.start();
  await transport.send(INITIALIZE_ASKABLE);
  await rec.until(() => answered(rec).includes('init'), 'the initialize result');
  await transport.send(INITIALIZED);
}

/** Ids of the responses received. */
function answered(rec: Recorder): RequestId[] {
  return rec.messages.flatMap((m) => ('result' in m || 'error' in m ? [m.id as RequestId] : []));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

test(`${CALLS} concurrent calls of a tool that samples the client before answering all complete (SDK server)`, async () => {
  const upstream = await sdkUpstream();
  const { transport, rec } = answering({ url: upstream.url, transportMode: 'streamable-http' });
  try {
    await handshake(transport, rec);
    const sends = Promise.allSettled(range(CALLS).map((i) => transport.send(request(i, { name: 'ask', arguments: {} }))));
    await rec.until(() => answered(rec).length === CALLS + 1, `${CALLS} results`, 10_000);
    assert.ok((await sends).every((sent) => sent.status === 'fulfilled'), 'every send resolved');
    const texts = rec.messages.flatMap((m) => ('result' in m && m.id !== 'init' ? [JSON.stringify(m.result)] : []));
    assert.ok(texts.every((text) => text.includes('client said pong')), texts[0]);
    assert.equal(rec.errors, []);
  } finally {
    await transport.close();
    await upstream.close();
  }
});

/**
 * A 2024-11-05 server that asks the client over its stream before answering a request, and holds
 * the request's POST open until the client's answer came: every POST of a request holds a connection.
 */
async function askingLegacyServer(): Promise<{ url: URL; close(): Promise<void> }> {
  let stream: http.ServerResponse | undefined;
  const push = (message: object): void => void stream!.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  const asked = new Map<unknown, () => void>();
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream' }).write('event: endpoint\ndata: /messages\n\n');
      stream = res;
      return;
    }
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const message = JSON.parse(Buffer.concat(parts).toString('utf8')) as { id?: RequestId; method?: string };
      res.writeHead(202).flushHeaders();
      if (message.method === undefined) asked.get(message.id)?.();
      if (message.method === undefined || message.id === undefined || message.method === 'initialize') res.end();
      if (message.method === 'initialize') push({ jsonrpc: '2.0', id: message.id, result: { protocolVersion: '2024-11-05', capabilities: {} } });
      if (message.method !== 'tools/call') return;
      asked.set(`q${String(message.id)}`, () => {
        res.end();
        push({ jsonrpc: '2.0', id: message.id, result: { content: [] } });
      });
      push({ jsonrpc: '2.0', id: `q${String(message.id)}`, method: 'roots/list' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: new URL(`http://127.0.0.1:${port}/sse`),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

test(`legacy HTTP+SSE: ${CALLS} concurrent requests whose POSTs are held until the client answered a question all complete`, async () => {
  const upstream = await askingLegacyServer();
  const { transport, rec } = answering({ url: upstream.url, transportMode: 'sse' });
  try {
    await handshake(transport, rec);
    const sends = Promise.allSettled(range(CALLS).map((i) => transport.send(request(i))));
    await rec.until(() => answered(rec).length === CALLS + 1, `${CALLS} results`, 10_000);
    assert.ok((await sends).every((sent) => sent.status === 'fulfilled'), 'every send resolved');
    assert.equal(rec.errors, []);
  } finally {
    await transport.close();
    await upstream.close();
  }
});

interface Held {
  readonly peer: StreamablePeer;
  readonly transport: StreamableHttpClientTransport;
  readonly rec: Recorder;
  /** The open answers of the requests, by id. */
  readonly streams: Map<unknown, http.ServerResponse>;
}

/** A peer that opens an SSE answer for every request and leaves it open, as for a long tool call. */
async function holding(options: Partial<HttpClientTransportOptions> = {}): Promise<Held> {
  const peer = await StreamablePeer.listen();
  const streams = new Map<unknown, http.ServerResponse>();
  peer.onPost = (message, res) => {
    if (message.id === undefined || message.method === undefined || message.method === 'initialize') return false;
    res.writeHead(200, { 'content-type': 'text/event-stream' }).flushHeaders();
    streams.set(message.id, res);
    return true;
  };
  const transport = new StreamableHttpClientTransport({ url: peer.url, transportMode: 'streamable-http', ...options });
  const wrapped = new Handshaken(transport, peer);
  const rec = new Recorder(wrapped);
  await wrapped.start();
  return { peer, transport, rec, streams };
}

async function dispose({ peer, transport }: Held): Promise<void> {
  await transport.close();
  await peer.close();
}

test('with 40 requests holding their connections, a notification and a response still reach the server at once', async () => {
  const held = await holding();
  const { peer, transport, streams } = held;
  try {
    const cancel: JsonRpcMessage = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 39 } };
    const answer: JsonRpcMessage = { jsonrpc: '2.0', id: 'asked', result: {} };
    const sends = Promise.allSettled([...range(40).map((i) => transport.send(request(i))), transport.send(cancel), transport.send(answer)]);
    const frames = [await peer.readFrame(5000), await peer.readFrame(5000)].map((frame) => JSON.parse(frame.toString('utf8')) as object);
    assert.equal(frames, [cancel, answer]);
    assert.ok((await sends).every((sent) => sent.status === 'fulfilled'), 'every send resolved');
    assert.is(streams.size, 40, 'every request reached the server before them');
  } finally {
    await dispose(held);
  }
});

test('past maxOpenRequests a request is refused at once, naming its id; later messages go out; an answered request frees its place', async () => {
  const held = await holding({ maxOpenRequests: 3 });
  const { peer, transport, rec, streams } = held;
  try {
    for (const i of range(4)) await transport.send(request(i));
    await transport.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 't', progress: 1 } });
    await peer.readFrame(5000);
    assert.equal([...streams.keys()], [0, 1, 2]);
    assert.equal(rec.errorCodes, ['too_many_requests']);
    assert.equal(rec.errors[0]!.detail, { id: 3, limit: 3 });
    streams.get(0)!.end(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: 0, result: {} })}\n\n`);
    await rec.untilMessages(1);
    // The place frees once the answer's body has ended, a few ticks after its message was delivered.
    await delay(50);
    await transport.send(request(4));
    await until(() => streams.has(4), 'request 4 at the server', 5000);
    assert.equal(rec.errorCodes, ['too_many_requests']);
    assert.is(rec.closes, 0);
  } finally {
    await dispose(held);
  }
});

test('a request warden cancels gives its connection up, whether its answer streams or its headers never came; no error, the session goes on', async () => {
  const held = await holding({ maxOpenRequests: 2 });
  const { peer, transport, rec, streams } = held;
  const posted = new Set<unknown>();
  const closed = new Set<unknown>();
  const previous = peer.onPost!;
  peer.onPost = (message, res, req) => {
    posted.add(message.id);
    res.once('close', () => closed.add(message.id));
    // Request 1 is answered in JSON, whose headers come only with the result: here, never.
    if (message.id === 1) return true;
    return previous(message, res, req);
  };
  try {
    for (const i of range(2)) await transport.send(request(i));
    await until(() => posted.size === 2, 'both requests at the server', 5000);
    for (const i of range(2)) await transport.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: i, reason: 'timeout' } });
    await until(() => closed.size === 2, 'both connections closed', 5000);
    await transport.send(request(2));
    await until(() => streams.has(2), 'request 2 at the server', 5000);
    assert.equal(rec.errors, []);
    assert.is(rec.closes, 0);
  } finally {
    await dispose(held);
  }
});

test.run();
