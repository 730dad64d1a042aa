import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage } from '../../../../engine/protocol/jsonrpc.js';
import { SessionSetup } from '../../../../transports/http/client/session-setup.js';

const ask = (id: number, method: string, params: Record<string, string>): JsonRpcMessage => ({ jsonrpc: '2.0', id, method, params });
const ok = (id: number): JsonRpcMessage => ({ jsonrpc: '2.0', id, result: {} });
const refused = (id: number): JsonRpcMessage => ({ jsonrpc: '2.0', id, error: { code: -32602, message: 'no' } });
const ids = (index: number): string => `r-${index}`;

test('only answered subscriptions count, in the order made, and an unsubscription removes one', () => {
  const setup = new SessionSetup();
  setup.sent(ask(1, 'resources/subscribe', { uri: 'a' }));
  setup.sent(ask(2, 'resources/subscribe', { uri: 'b' }));
  setup.sent(ask(3, 'resources/subscribe', { uri: 'c' }));
  setup.sent(ask(4, 'resources/subscribe', { uri: 'd' }));
  setup.received(ok(2));
  setup.received(ok(1));
  setup.received(refused(3));
  assert.equal(setup.subscriptions, ['b', 'a']);
  setup.sent(ask(5, 'resources/unsubscribe', { uri: 'b' }));
  setup.received(ok(5));
  assert.equal(setup.subscriptions, ['a']);
  assert.equal(setup.replay(ids), [{ jsonrpc: '2.0', id: 'r-0', method: 'resources/subscribe', params: { uri: 'a' } }]);
});

test('the last accepted log level goes first', () => {
  const setup = new SessionSetup();
  setup.sent(ask(1, 'logging/setLevel', { level: 'info' }));
  setup.received(ok(1));
  setup.sent(ask(2, 'resources/subscribe', { uri: 'a' }));
  setup.received(ok(2));
  setup.sent(ask(3, 'logging/setLevel', { level: 'error' }));
  setup.received(refused(3));
  assert.equal(setup.replay(ids).map((r) => [r.id, r.method, r.params]), [
    ['r-0', 'logging/setLevel', { level: 'info' }],
    ['r-1', 'resources/subscribe', { uri: 'a' }],
  ]);
});

test('other messages, notifications and unknown answers change nothing; unanswered requests are bounded', () => {
  const setup = new SessionSetup();
  setup.sent({ jsonrpc: '2.0', method: 'resources/subscribe', params: { uri: 'x' } });
  setup.sent(ask(1, 'tools/call', { name: 'x' }));
  setup.received(ok(1));
  setup.received(ok(99));
  for (let id = 100; id < 400; id++) setup.sent(ask(id, 'resources/subscribe', { uri: `u${id}` }));
  setup.received(ok(100));
  setup.received(ok(399));
  assert.equal(setup.subscriptions, ['u399'], 'the oldest unanswered were forgotten');
  assert.equal(setup.replay(ids).length, 1);
});

test.run();
