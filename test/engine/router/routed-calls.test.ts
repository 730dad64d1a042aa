/**
 * engine/router/routed-calls.ts: which pool members a named request may go to. A subscription
 * lives on one replica; its later requests must reach that replica, not the pool's default.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { harness, type FakeLink } from './fake-upstreams.js';

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

test.run();
