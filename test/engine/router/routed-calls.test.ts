/**
 * engine/router/routed-calls.ts: which pool members a named request may go to, and when an
 * attempt is given up. A subscription lives on one replica; its later requests must reach that
 * replica, not the pool's default. A slow attempt is given up only for somewhere else to try.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { harness, type FakeLink } from './fake-upstreams.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const URI = 'search+file:///notes.txt';
const asked = (link: FakeLink, method: string): unknown[] =>
  link.sent.filter((m): m is JsonRpcMessage & { method: string; params: { uri: string } } => 'method' in m && m.method === method).map((m) => m.params.uri);

test('a subscription made on one replica is asked for again and ended there, even once the pool\'s default replica is back', async () => {
  const h = await harness();
  h.links.s1!.down();
  await h.request(50, 'resources/subscribe', { uri: URI });
  assert.equal(asked(h.links.s2!, 'resources/subscribe'), ['file:///notes.txt'], 's1 is down: s2 holds it');
  h.links.s1!.up();
  await new Promise((resolve) => setTimeout(resolve, 5));

  await h.request(51, 'resources/subscribe', { uri: URI });
  assert.equal(asked(h.links.s1!, 'resources/subscribe'), [], 'subscribing again does not start a second one on s1');
  const unsubscribe = { jsonrpc: '2.0' as const, id: 52, method: 'resources/unsubscribe', params: { uri: URI } };
  assert.equal(h.router.targetOf('client', unsubscribe).candidates?.map((c) => c.name), ['s2'], 'the policy decides it for s2');
  await h.request(52, 'resources/unsubscribe', { uri: URI });
  assert.equal(asked(h.links.s2!, 'resources/unsubscribe'), ['file:///notes.txt']);
  assert.equal(asked(h.links.s1!, 'resources/unsubscribe'), []);

  await h.request(53, 'resources/subscribe', { uri: URI });
  assert.equal(asked(h.links.s1!, 'resources/subscribe'), ['file:///notes.txt'], 'once ended, a new one goes to the default replica');
});

test('a read-only call slower than the attempt timeout fails over to a replica that is up, and waits where there is none', async () => {
  const h = await harness({ gh: { 'tools/call read': 'hang' }, s2: { 'tools/call find': 'hang' } }, 20);
  await h.router.send({ jsonrpc: '2.0', id: 60, method: 'tools/call', params: { name: 'gh__read' } });
  await delay(80);
  assert.ok(h.router.inFlightOn('gh', 60), 'gh alone serves it: still waiting for its answer');
  assert.not.ok(h.delivered.some((m) => !('method' in m) && m.id === 60), 'not answered with an error');
  assert.not.ok(h.links.gh!.sent.some((m) => 'method' in m && m.method === 'notifications/cancelled'), 'gh was not told to stop');
  const sent = h.links.gh!.sent.at(-1) as { id: number };
  h.links.gh!.onmessage!({ jsonrpc: '2.0', id: sent.id, result: { content: [{ type: 'text', text: 'slow but there' }] } });
  const answer = h.delivered.find((m) => !('method' in m) && m.id === 60) as { result: JsonObject };
  assert.equal(answer.result.content, [{ type: 'text', text: 'slow but there' }]);

  const found = await h.request(61, 'tools/call', { name: 'search__find' }, { route: ['s2', 's1'] });
  assert.equal((found as { result: JsonObject }).result.content, [{ type: 'text', text: 's1:find' }], 's2 hung, s1 is up: failed over');
  assert.equal(h.attempts.filter((a) => a.requestId === 61).map((a) => [a.upstream, a.outcome]), [['s2', 'timeout'], ['s1', 'answered']]);
});

test.run();
