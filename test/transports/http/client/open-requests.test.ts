/**
 * transports/http/client/open-requests.ts over both wire protocols: a request whose POST the
 * upstream holds open (its headers never sent, or its answer never ended) gives its connection
 * up once warden cancels it, and every one is given up when the transport closes. Without it a
 * cancelled call held a socket, and a place among maxOpenRequests, until the upstream answered.
 */
import type http from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage } from '../../../../engine/protocol/jsonrpc.js';
import type { StreamableHttpClientTransport } from '../../../../transports/http/client/transport.js';
import { until } from '../../../support/until.js';
import type { Recorder } from '../../recorder.js';
import { request } from '../../sample-messages.js';
import { closeLegacy, liveLegacy } from './legacy-peer.js';
import { closeLive, liveUpstream } from './live-upstream.js';
import type { PostHandler } from './streamable-peer.js';

interface Wired {
  readonly transport: StreamableHttpClientTransport;
  readonly rec: Recorder;
  /** The next message the upstream took (answered 202), parsed. */
  next(): Promise<unknown>;
}

/**
 * Each wire's upstream holds a request's POST in the two ways it can: `silent` gets no response
 * headers at all (a server answering in JSON, while the tool runs), `held` gets its headers and
 * then nothing more (an event stream; a legacy 202 whose body the server keeps open).
 */
const WIRES: Record<string, (handler: PostHandler) => Promise<Wired>> = {
  'Streamable HTTP': async (handler) => {
    const { transport, rec, peer } = await liveUpstream({ transportMode: 'streamable-http' }, (p) => { p.onPost = handler; });
    return { transport, rec, next: async () => JSON.parse((await peer.readFrame()).toString('utf8')) as unknown };
  },
  'legacy HTTP+SSE': async (handler) => {
    const { transport, rec, peer } = await liveLegacy((p) => { p.onPost = handler; });
    return { transport, rec, next: () => peer.readFrame() };
  },
};

const HOLDS: Record<string, (res: http.ServerResponse, wire: string) => void> = {
  silent: () => undefined,
  held: (res, wire) => {
    if (wire === 'Streamable HTTP') res.writeHead(200, { 'content-type': 'text/event-stream' }).flushHeaders();
    else res.writeHead(202).flushHeaders();
  },
};

/** An upstream holding the POST of every request named in HOLDS; `closed` gains each id whose connection closed. */
function holding(wire: string): { handler: PostHandler; posted: Set<unknown>; closed: Set<unknown> } {
  const posted = new Set<unknown>();
  const closed = new Set<unknown>();
  const handler: PostHandler = (message, res) => {
    const hold = HOLDS[String(message.id)];
    if (hold === undefined) return false;
    posted.add(message.id);
    res.once('close', () => closed.add(message.id));
    hold(res, wire);
    return true;
  };
  return { handler, posted, closed };
}

function cancelled(id: string): JsonRpcMessage {
  return { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'the client cancelled' } };
}

test.after.each(async () => {
  await closeLive();
  await closeLegacy();
});

for (const [wire, setup] of Object.entries(WIRES)) {
  test(`${wire}: a request the client cancels gives its connection up, whether or not its headers came; no error, the session goes on`, async () => {
    const upstream = holding(wire);
    const { transport, rec, next } = await setup(upstream.handler);
    for (const id of Object.keys(HOLDS)) await transport.send(request(id));
    await until(() => upstream.posted.size === Object.keys(HOLDS).length, 'every request at the upstream');
    for (const id of Object.keys(HOLDS)) {
      await transport.send(cancelled(id));
      assert.equal(await next(), cancelled(id), 'the upstream learns of the cancellation');
    }
    await until(() => upstream.closed.size === Object.keys(HOLDS).length, 'every cancelled request\'s connection closed');
    await transport.send(request('after'));
    assert.equal(await next(), request('after'));
    assert.equal(rec.errors, []);
    assert.is(rec.closes, 0);
  });

  test(`${wire}: closing the transport gives up the connection of every request still open`, async () => {
    const upstream = holding(wire);
    const { transport, rec } = await setup(upstream.handler);
    for (const id of Object.keys(HOLDS)) await transport.send(request(id));
    await until(() => upstream.posted.size === Object.keys(HOLDS).length, 'every request at the upstream');
    await transport.close();
    await until(() => upstream.closed.size === Object.keys(HOLDS).length, 'every open request\'s connection closed');
    assert.is(rec.closes, 1);
  });
}

test.run();
