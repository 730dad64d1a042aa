/**
 * Health endpoints: the answers themselves, then both network listeners serving them to a probe
 * that sends no credentials and a Host the listener does not know, as a kubelet's does.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Listener, Rejection } from '../../transports/contract.js';
import { healthAnswer, type HealthProbe } from '../../transports/health.js';
import { StreamableHttpListener } from '../../transports/http/server/listener.js';
import { WebSocketListener } from '../../transports/ws/listener.js';
import type { NetworkListenerOptions } from '../../transports/listener-options.js';
import { bearerNames, exchange } from './http/server/fixtures.js';

const ready: HealthProbe = { unready: () => undefined };
const draining: HealthProbe = { unready: () => 'shutting down' };

const CASES: Array<[method: string, target: string, probe: HealthProbe, status: number | undefined, body: string]> = [
  ['GET', '/healthz', ready, 200, '{"status":"ok"}'],
  ['GET', '/healthz', draining, 200, '{"status":"ok"}'],
  ['GET', '/readyz', ready, 200, '{"status":"ok"}'],
  ['GET', '/readyz', draining, 503, '{"status":"unavailable","reason":"shutting down"}'],
  ['GET', '/readyz?verbose=1', draining, 503, '{"status":"unavailable","reason":"shutting down"}'],
  ['HEAD', '/readyz', draining, 503, ''],
  ['POST', '/healthz', ready, 405, '{"status":"method_not_allowed"}'],
  ['GET', '/mcp', ready, undefined, ''],
  ['GET', '/healthz/', ready, undefined, ''],
  ['GET', '/readyz/../mcp', ready, undefined, ''],
];

test('answers: liveness always, readiness as the probe says, GET and HEAD only, exact paths', () => {
  for (const [method, target, probe, status, body] of CASES) {
    const answer = healthAnswer(method, target, probe);
    assert.is(answer?.status, status, `${method} ${target}`);
    if (answer) assert.is(answer.body, body, `${method} ${target}`);
  }
  assert.equal(healthAnswer('GET', '/readyz', ready)?.headers, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': '15' });
});

type Make = (options: NetworkListenerOptions) => Listener;
const LISTENERS: Array<[string, string, Make]> = [
  ['Streamable HTTP', 'http://127.0.0.1:0/mcp', (options) => new StreamableHttpListener(options)],
  ['WebSocket', 'ws://127.0.0.1:0/mcp', (options) => new WebSocketListener(options)],
];

async function started(url: string, make: Make, health?: HealthProbe): Promise<{ listener: Listener; base: string; rejections: Rejection[] }> {
  const listener = make({ url: new URL(url), authenticator: bearerNames, ...(health ? { health } : {}) });
  const rejections: Rejection[] = [];
  listener.onrejected = async (rejection) => void rejections.push(rejection);
  await listener.start();
  return { listener, base: new URL(listener.url).origin.replace(/^ws/, 'http'), rejections };
}

for (const [name, url, make] of LISTENERS) {
  test(`${name}: a probe without credentials, from an unknown Host, is answered and not journaled`, async () => {
    let reason: string | undefined;
    const { listener, base, rejections } = await started(url, make, { unready: () => reason });
    try {
      const probe = { host: '10.1.2.3:8080' };
      const live = await exchange(`${base}/healthz`, 'GET', probe);
      assert.equal([live.status, live.body], [200, '{"status":"ok"}']);
      assert.equal([(await exchange(`${base}/readyz`, 'GET', probe)).status], [200]);
      reason = 'at capacity: 2 of 2 sessions';
      const full = await exchange(`${base}/readyz`, 'GET', probe);
      assert.equal([full.status, JSON.parse(full.body)], [503, { status: 'unavailable', reason }]);
      assert.equal(rejections, []);
      // The MCP endpoint itself is guarded as before: refused (403 Host, or 426 for a plain GET over WebSocket), and journaled.
      assert.ok([403, 426].includes((await exchange(`${base}/mcp`, 'GET', probe)).status));
      assert.is(rejections.length, 1);
    } finally {
      await listener.close();
    }
  });

  test(`${name}: without health on, the health paths are not found`, async () => {
    const { listener, base, rejections } = await started(url, make);
    try {
      assert.is((await exchange(`${base}/healthz`, 'GET', {})).status, 404);
      assert.is(rejections.length, 1);
    } finally {
      await listener.close();
    }
  });
}

test.run();
