/**
 * How long a POST holds back the next (hold-back.ts): the bounds, and what they do for a server
 * answering in JSON, whose response headers wait for the result.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage } from '../../../../engine/protocol/jsonrpc.js';
import { holdBackMs, MAX_MS, REQUEST_GAP_MS } from '../../../../transports/http/client/hold-back.js';
import { StreamableHttpClientTransport } from '../../../../transports/http/client/transport.js';
import { Recorder } from '../../recorder.js';
import { request } from '../../sample-messages.js';
import { INITIALIZE, INITIALIZED } from './handshaken.js';
import { jsonUpstream } from './json-upstream.js';

test('behind a server known to hold its headers, a request behind a request is held back briefly', () => {
  assert.is(holdBackMs('request', 'request', true), REQUEST_GAP_MS);
  assert.ok(REQUEST_GAP_MS <= 5, 'a few milliseconds');
});

test('anything else waits up to the full bound: a cancellation must not overtake its request', () => {
  assert.is(holdBackMs('request', 'request', false), MAX_MS);
  for (const holds of [true, false]) {
    for (const [earlier, later] of [['request', 'other'], ['other', 'request'], ['other', 'other']] as const) {
      assert.is(holdBackMs(earlier, later, holds), MAX_MS, `${earlier} -> ${later}`);
    }
  }
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
