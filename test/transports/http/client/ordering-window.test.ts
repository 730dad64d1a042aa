/**
 * How long a POST holds back the next (ordering-window.ts): the bound it computes, and what it
 * does for a server answering in JSON, whose response headers wait for the result.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage } from '../../../../engine/protocol/jsonrpc.js';
import { MAX_MS, MIN_MS, OrderingWindow } from '../../../../transports/http/client/ordering-window.js';
import { StreamableHttpClientTransport } from '../../../../transports/http/client/transport.js';
import { Recorder } from '../../recorder.js';
import { request } from '../../sample-messages.js';
import { INITIALIZE, INITIALIZED } from './handshaken.js';
import { jsonUpstream } from './json-upstream.js';

test('before any 202 has been timed, every POST waits up to the full bound', () => {
  const window = new OrderingWindow();
  assert.is(window.limitMs('request', 'request'), MAX_MS);
  assert.is(window.limitMs('other', 'request'), MAX_MS);
});

test('a request behind a request waits twice the slowest recent 202, within the bounds', () => {
  const window = new OrderingWindow();
  window.observeDelivery(3);
  window.observeDelivery(7.5);
  window.observeDelivery(1);
  assert.is(window.limitMs('request', 'request'), 15);
  window.observeDelivery(0.2);
  const fast = new OrderingWindow();
  fast.observeDelivery(0.2);
  assert.is(fast.limitMs('request', 'request'), MIN_MS);
  const slow = new OrderingWindow();
  slow.observeDelivery(70);
  assert.is(slow.limitMs('request', 'request'), MAX_MS);
});

test('anything but a request behind a request keeps the full bound: a cancellation must not overtake its request', () => {
  const window = new OrderingWindow();
  window.observeDelivery(1);
  assert.is(window.limitMs('request', 'other'), MAX_MS);
  assert.is(window.limitMs('other', 'request'), MAX_MS);
  assert.is(window.limitMs('other', 'other'), MAX_MS);
});

test('only recent 202s count: a slow spell passes once enough fast ones followed it', () => {
  const window = new OrderingWindow();
  window.observeDelivery(40);
  for (let i = 0; i < 15; i++) window.observeDelivery(1);
  assert.is(window.limitMs('request', 'request'), 80);
  window.observeDelivery(1);
  assert.is(window.limitMs('request', 'request'), MIN_MS);
});

const CALLS = 32;

test(`a server answering in JSON: ${CALLS} concurrent calls all reach it while the first wait for their results, in order`, async () => {
  // Each call is answered only once all are open at once; with every POST held back the full
  // 100 ms, the last would go out 3.1 s after the first, past the server's patience.
  const upstream = await jsonUpstream(CALLS, 2_000);
  const transport = new StreamableHttpClientTransport({ url: upstream.url, transportMode: 'streamable-http' });
  const rec = new Recorder(transport);
  try {
    await transport.start();
    await transport.send(INITIALIZE);
    await rec.until(() => rec.messages.length === 1, 'the initialize result');
    await transport.send(INITIALIZED);
    const calls = Array.from({ length: CALLS }, (_, i) => request(i, { name: 'gather', arguments: {} }));
    await Promise.all(calls.map((call) => transport.send(call)));
    await rec.until(() => rec.messages.length === CALLS + 1, `${CALLS} results`, 10_000);
    const texts = rec.messages.slice(1).map((m: JsonRpcMessage) => ('result' in m ? JSON.stringify(m.result) : JSON.stringify(m)));
    assert.ok(texts.every((text) => text.includes('gathered')), texts.join('\n'));
    assert.equal(upstream.arrivals, ['init', 'notifications/initialized', ...calls.map((call) => call.id)]);
    assert.equal(rec.errors, []);
  } finally {
    await transport.close();
    await upstream.close();
  }
});

test.run();
