/**
 * transports/http/client/http-exchange.ts: a pooled keep-alive socket the server closed while it
 * sat idle fails the request written to it; that request is made once more on a connection of
 * its own. A reset of a fresh connection is the server's answer, and is not retried.
 */
import http from 'node:http';
import type net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TransportError } from '../../../../transports/errors.js';
import { discard, exchange, type ExchangeRequest } from '../../../../transports/http/client/http-exchange.js';

interface Server {
  readonly url: URL;
  /** The socket each request arrived on, in order. */
  readonly sockets: net.Socket[];
  close(): Promise<void>;
}

/** Answers 200, except that `drop(n)` makes it reset the connection of the n-th request (from 0) without a word. */
async function server(drop: (n: number) => boolean): Promise<Server> {
  const sockets: net.Socket[] = [];
  const srv = http.createServer((req, res) => {
    const n = sockets.push(req.socket) - 1;
    req.resume();
    if (drop(n)) req.socket.destroy();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    sockets,
    close: async () => {
      srv.closeAllConnections();
      await new Promise((resolve) => srv.close(resolve));
    },
  };
}

function post(url: URL): ExchangeRequest {
  return { url, method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"jsonrpc":"2.0","method":"notifications/x"}'), timeoutMs: 5000, signal: new AbortController().signal };
}

async function status(agent: http.Agent, url: URL): Promise<number | TransportError> {
  const { handedOff, response } = exchange(agent, post(url));
  try {
    await handedOff;
    const res = await response;
    discard(res);
    await new Promise((resolve) => res.once('end', resolve));
    return res.statusCode ?? 0;
  } catch (error) {
    return error as TransportError;
  }
}

test('a request written to a pooled socket the server closed is made again on a connection of its own', async () => {
  const s = await server((n) => n === 1);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    assert.is(await status(agent, s.url), 200);
    assert.is(await status(agent, s.url), 200);
    assert.is(s.sockets.length, 3);
    assert.is(s.sockets[1], s.sockets[0], 'the second request went on the pooled socket');
    assert.is.not(s.sockets[2], s.sockets[1], 'and again on a new one');
  } finally {
    agent.destroy();
    await s.close();
  }
});

test('a reset of a connection made for the request is no stale socket: it fails, once', async () => {
  const s = await server(() => true);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const failed = await status(agent, s.url);
    assert.instance(failed, TransportError);
    assert.is((failed as TransportError).code, 'io_error');
    assert.is(s.sockets.length, 1);
  } finally {
    agent.destroy();
    await s.close();
  }
});

/** Far past what loopback socket buffers absorb (Linux autotunes them to a few MiB), so the body cannot all be handed off. */
const UNSENDABLE_BYTES = 64 * 1024 * 1024;

test('a request whose answer is unbounded is still timed while it is sent: a body the server never reads fails after timeoutMs', async () => {
  const srv = http.createServer((req) => req.socket.pause());
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  const agent = new http.Agent({ keepAlive: true });
  try {
    const { handedOff, response } = exchange(agent, {
      ...post(new URL(`http://127.0.0.1:${port}/mcp`)),
      body: Buffer.alloc(UNSENDABLE_BYTES, 0x20),
      timeoutMs: 200,
      answerUnbounded: true,
      // Were sending unbounded, this would end the wait, with another error.
      signal: AbortSignal.timeout(5000),
    });
    const failed = await handedOff.then(() => undefined, (error: unknown) => error);
    assert.instance(failed, TransportError);
    assert.equal((failed as TransportError).detail, { reason: 'timeout', timeoutMs: 200 });
    assert.is(await response.then(() => undefined, (error: unknown) => error), failed);
  } finally {
    agent.destroy();
    srv.closeAllConnections();
    await new Promise((resolve) => srv.close(resolve));
  }
});

test.run();
