/**
 * Messages to the client name the client request they belong to, so Streamable HTTP can put
 * them on that request's stream: responses, progress (by token), and whatever an HTTP upstream
 * delivered on a request's stream.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setup } from './harness.js';

test('a response and its progress go with the client request; unrelated notifications go with none', async () => {
  const h = setup();
  h.client.deliver({ jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'slow', _meta: { progressToken: 'tok-a' } } });
  h.client.deliver({ jsonrpc: '2.0', id: 'b', method: 'tools/call', params: { name: 'slow', _meta: { progressToken: 7 } } });
  await h.mediator.idle();
  const [a, b] = h.upstream.sent as Array<{ id: number }>;
  h.upstream.deliver({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 7, progress: 1 } });
  h.upstream.deliver({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'tok-a', progress: 1 } });
  h.upstream.deliver({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x' } });
  h.upstream.deliver({ jsonrpc: '2.0', id: b!.id, result: { content: [] } });
  h.upstream.deliver({ jsonrpc: '2.0', id: a!.id, result: { content: [] } });
  await h.mediator.idle();
  assert.equal(h.client.related, ['b', 'a', undefined, 'b', 'a']);
});

test('a server request an HTTP upstream sent on a request stream goes with that client request', async () => {
  const h = setup();
  h.client.deliver({ jsonrpc: '2.0', id: 42, method: 'tools/call', params: { name: 'ask' } });
  await h.mediator.idle();
  const forwarded = h.upstream.sent[0] as { id: number };
  h.upstream.deliver({ jsonrpc: '2.0', id: 'srv', method: 'sampling/createMessage', params: { messages: [] } }, { relatedRequestId: forwarded.id });
  h.upstream.deliver({ jsonrpc: '2.0', id: 'srv2', method: 'roots/list' }, { relatedRequestId: 9999 });
  await h.mediator.idle();
  assert.equal(h.client.related, [42, undefined]);
});

test('denials answered to the client go with the request they answer', async () => {
  const h = setup((i) => (i.method === 'tools/call' ? { allowed: false, reasons: ['no'] } : {}));
  h.client.deliver({ jsonrpc: '2.0', id: 'x', method: 'tools/call', params: { name: 'w' } });
  await h.mediator.idle();
  assert.equal(h.client.related, ['x']);
});

test.run();
