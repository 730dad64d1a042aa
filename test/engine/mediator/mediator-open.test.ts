/**
 * Mediator.open and the loss of the upstream: a session whose upstream cannot start, or goes
 * away, answers the client's requests with why (journaled) instead of leaving them to a closed
 * connection, and requests already forwarded are answered as before.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcError, JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { setup } from './harness.js';

const SPAWN_FAILED = 'upstream:demo: cannot start nosuch: spawn nosuch ENOENT';

function errorsSent(sent: readonly JsonRpcMessage[]): Array<[unknown, number, string]> {
  return sent.map((m) => {
    const { id, error } = m as JsonRpcError;
    return [id, error.code, error.message];
  });
}

test('an upstream that cannot start: the client is started, each request it sent is answered -32000 with the cause and journaled, then both close', async () => {
  const h = setup();
  const order: string[] = [];
  const opened = h.mediator.open({
    upstream: async () => {
      order.push('upstream');
      throw new Error(SPAWN_FAILED);
    },
    client: async () => {
      order.push('client');
      h.client.deliver({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });
      h.client.deliver({ jsonrpc: '2.0', method: 'notifications/initialized' });
      h.client.deliver({ jsonrpc: '2.0', id: 'two', method: 'ping' });
    },
    answerRefused: true,
  });
  const failure = await opened.then(() => undefined, (error: unknown) => error);
  assert.is((failure as Error).message, SPAWN_FAILED, 'open rejects with the start failure');
  assert.equal(order, ['upstream', 'client']);
  assert.equal(await h.mediator.done, { reason: 'upstream-unavailable', cause: SPAWN_FAILED });
  const why = `Request refused: upstream unavailable: ${SPAWN_FAILED}`;
  assert.equal(errorsSent(h.client.sent), [[1, -32000, why], ['two', -32000, why]]);
  assert.equal(h.upstream.sent, []);
  assert.equal(h.journal.entries.map((e) => [e.request_id, e.method, e.action, e.reasons]), [
    [1, 'initialize', 'deny', [`upstream unavailable: ${SPAWN_FAILED}`]],
    ['two', 'ping', 'deny', [`upstream unavailable: ${SPAWN_FAILED}`]],
  ]);
  assert.ok(h.client.closed && h.upstream.closed);
});

test('an upstream that cannot start, with a client told at its door (HTTP): the client channel is never started', async () => {
  const h = setup();
  let clientStarted = false;
  const failure = await h.mediator.open({
    upstream: () => Promise.reject(new Error(SPAWN_FAILED)),
    client: async () => { clientStarted = true; },
  }).then(() => undefined, (error: unknown) => error);
  assert.instance(failure, Error);
  assert.not.ok(clientStarted);
  assert.is((await h.mediator.done).reason, 'upstream-unavailable');
  assert.ok(h.client.closed && h.upstream.closed);
});

test('an upstream that closes while it starts (a server exiting at once): the session stops, and the client still gets answers', async () => {
  const h = setup();
  await h.mediator.open({
    upstream: async () => { await h.upstream.close(); },
    client: async () => { h.client.deliver({ jsonrpc: '2.0', id: 7, method: 'initialize', params: {} }); },
  });
  assert.equal(await h.mediator.done, { reason: 'closed', side: 'upstream' });
  assert.equal(errorsSent(h.client.sent), [[7, -32000, 'Request refused: upstream unavailable: the upstream server closed the connection']]);
  assert.equal(h.upstream.sent, [], 'nothing is forwarded to a closed upstream');
});

test('an upstream lost mid-session: its request in flight gets -32603, one arriving after gets -32000 naming the loss', async () => {
  const h = setup();
  await h.mediator.open({ upstream: async () => undefined, client: async () => undefined });
  h.client.deliver({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
  await h.mediator.idle();
  assert.is(h.upstream.sent.length, 1);
  void h.upstream.close();
  await new Promise((resolve) => setTimeout(resolve, 20));
  h.client.deliver({ jsonrpc: '2.0', id: 2, method: 'ping' });
  assert.equal(await h.mediator.done, { reason: 'closed', side: 'upstream' });
  assert.equal(errorsSent(h.client.sent), [
    [1, -32603, 'No response through mcp-warden: the upstream server closed the session before the request was answered'],
    [2, -32000, 'Request refused: upstream unavailable: the upstream server closed the connection'],
  ]);
  assert.ok(h.client.closed);
});

test('a client that cannot start: the session stops and open rejects', async () => {
  const h = setup();
  const failure = await h.mediator.open({
    upstream: async () => undefined,
    client: () => Promise.reject(new Error('stdin is gone')),
  }).then(() => undefined, (error: unknown) => error);
  assert.is((failure as Error).message, 'stdin is gone');
  assert.is((await h.mediator.done).reason, 'stopped');
  assert.ok(h.client.closed && h.upstream.closed);
});

test.run();
