import http from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isTransportError } from '../../../../transports/errors.js';
import { StreamableHttpClientTransport } from '../../../../transports/http/client/transport.js';
import { until } from '../../../support/until.js';
import { Recorder } from '../../recorder.js';
import { request } from '../../sample-messages.js';
import { INITIALIZE } from './handshaken.js';
import { closeLegacy, liveLegacy } from './legacy-peer.js';

/** A 2024-11-05 server: GET /sse is the stream, POSTs go to the endpoint it names, POST /sse is refused. */
async function legacyServer(endpoint: (port: number) => string): Promise<{ url: URL; posts: string[]; server: http.Server }> {
  const posts: string[] = [];
  let stream: http.ServerResponse | undefined;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`event: endpoint\ndata: ${endpoint(port())}\n\n`);
      stream = res;
      return;
    }
    if (req.method === 'POST' && req.url?.startsWith('/messages?session=1')) {
      const parts: Buffer[] = [];
      req.on('data', (chunk: Buffer) => parts.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(parts).toString('utf8');
        posts.push(body);
        res.writeHead(202).end('Accepted');
        const message = JSON.parse(body) as { id?: unknown };
        if (message.id !== undefined) stream?.write(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { protocolVersion: '2024-11-05' } })}\n\n`);
      });
      return;
    }
    res.writeHead(405).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (): number => (server.address() as { port: number }).port;
  return { url: new URL(`http://127.0.0.1:${port()}/sse`), posts, server };
}

async function stop(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

test('auto: a server refusing the initialize POST is spoken to over legacy HTTP+SSE', async () => {
  const { url, posts, server } = await legacyServer(() => '/messages?session=1');
  const transport = new StreamableHttpClientTransport({ url });
  const rec = new Recorder(transport);
  await transport.start();
  await transport.send(INITIALIZE);
  await transport.send(request(2));
  await rec.untilMessages(2);
  assert.is(transport.transportMode, 'sse');
  assert.equal(posts.map((body) => (JSON.parse(body) as { id: unknown }).id), ['init', 2]);
  assert.equal(rec.messages.map((m) => (m as { id: unknown }).id), ['init', 2]);
  assert.equal(rec.errors, []);
  await transport.close();
  assert.is(rec.closes, 1);
  await stop(server);
});

test('an endpoint on another origin is refused: start rejects and the transport closes', async () => {
  const { url, posts, server } = await legacyServer((port) => `http://localhost:${port}/messages?session=1`);
  const transport = new StreamableHttpClientTransport({ url, transportMode: 'sse' });
  const rec = new Recorder(transport);
  try {
    await transport.start();
    assert.unreachable('start must reject');
  } catch (error) {
    assert.ok(isTransportError(error, 'io_error'), String(error));
    assert.is((error as { detail?: { reason?: unknown } }).detail?.reason, 'cross_origin_endpoint');
  }
  assert.is(rec.closes, 1);
  assert.equal(posts, []);
  await stop(server);
});

test('the legacy stream ending ends the transport with io_error', async () => {
  const { url, server } = await legacyServer(() => '/messages?session=1');
  const transport = new StreamableHttpClientTransport({ url, transportMode: 'sse' });
  const rec = new Recorder(transport);
  await transport.start();
  await stop(server);
  await rec.untilClosed();
  assert.equal(rec.errorCodes, ['io_error']);
});

test('a connection reset before the response costs that request only: reported with its id, cancelled upstream; the session goes on', async () => {
  try {
    const { transport, peer, rec } = await liveLegacy((p) => {
      p.onPost = (message, res) => {
        if (message.id !== 'reset') return false;
        res.socket?.destroy();
        return true;
      };
    });
    await transport.send(request('reset'));
    await rec.untilErrors(1);
    assert.is(rec.errors[0]!.code, 'io_error');
    assert.equal(rec.errors[0]!.detail, { reason: 'connection_reset', id: 'reset' });
    const cancel = await peer.readFrame() as { method: string; params: { requestId: unknown } };
    assert.equal([cancel.method, cancel.params.requestId], ['notifications/cancelled', 'reset'], 'the server may have taken it before the reset');
    await transport.send(request('after'));
    assert.is((await peer.readFrame() as { id: unknown }).id, 'after');
    assert.is(rec.closes, 0);
    const others = peer.posted.filter((m) => m.id !== 'reset').map((m) => m.method ?? m.id);
    assert.equal(others, ['initialize', 'notifications/initialized', 'notifications/cancelled', 'tools/call'], 'nothing was sent again');
    // Once, or twice when the pooled socket it went on counted as one the server had closed while idle (http-exchange.ts).
    assert.ok(peer.posted.filter((m) => m.id === 'reset').length <= 2);
  } finally {
    await closeLegacy();
  }
});

/** How a server may leave a request's POST open once it has answered the request on the stream. */
const UNFINISHED: Record<string, (res: http.ServerResponse) => void> = {
  'never acknowledged': () => undefined,
  'acknowledged, its body held': (res) => res.writeHead(202).write('Acc'),
};

for (const [how, leave] of Object.entries(UNFINISHED)) {
  test(`a request's POST ${how} after its answer came on the stream is closed quietly after requestTimeoutMs; the session goes on`, async () => {
    let postClosed = false;
    try {
      const { transport, peer, rec } = await liveLegacy((p) => {
        p.onPost = (message, res) => {
          if (message.id !== 'open') return false;
          res.once('close', () => (postClosed = true));
          p.push({ jsonrpc: '2.0', id: 'open', result: {} });
          leave(res);
          return true;
        };
      }, { requestTimeoutMs: 150 });
      await transport.send(request('open'));
      await rec.untilMessages(1);
      await until(() => postClosed, 'the POST closed');
      await transport.send(request('after'));
      assert.is((await peer.readFrame() as { id: unknown }).id, 'after');
      assert.equal(rec.messages, [{ jsonrpc: '2.0', id: 'open', result: {} }]);
      assert.equal(rec.errors, []);
      assert.is(rec.closes, 0);
    } finally {
      await closeLegacy();
    }
  });
}

test.run();
