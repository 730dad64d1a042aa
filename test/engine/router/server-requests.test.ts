/**
 * engine/router/server-requests.ts: requests upstreams send toward the client, under the router's
 * ids. An upstream that goes away, or cancels its request, leaves nothing pending at the client.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, JsonRpcMessage, RequestId } from '../../../engine/protocol/jsonrpc.js';
import { messageText } from '../../../engine/protocol/message-text.js';
import { decodeMessage } from '../../../transports/framing/message-codec.js';
import { harness, type Harness } from './fake-upstreams.js';

/** A message as it arrives from the wire, its integers past 2^53 kept as written. */
function wire(text: string): JsonRpcMessage {
  const decoded = decodeMessage(Buffer.from(text));
  if (!('message' in decoded)) throw decoded.error;
  return decoded.message;
}

function ask(h: Harness, upstream: string, id: RequestId, method = 'sampling/createMessage'): RequestId {
  h.links[upstream]!.onmessage!({ jsonrpc: '2.0', id, method, params: {} });
  return (h.delivered.at(-1) as { id: RequestId }).id;
}

const cancellations = (h: Harness, since: number): JsonRpcMessage[] =>
  h.delivered.slice(since).filter((m) => 'method' in m && m.method === 'notifications/cancelled');

test('an upstream that goes down cancels, toward the client, every request it had asked; an answer sent after reaches nobody', async () => {
  const h = await harness();
  const sampling = ask(h, 's1', 'ask-1');
  const elicitation = ask(h, 's1', 'ask-2', 'elicitation/create');
  const other = ask(h, 's2', 'ask-1');
  const before = h.delivered.length;
  h.links.s1!.down();
  const cancelled = cancellations(h, before);
  assert.equal(cancelled.map((m) => (m as { params: JsonObject }).params.requestId), [sampling, elicitation], 's1\'s requests, not s2\'s');
  assert.match(String((cancelled[0] as { params: JsonObject }).params.reason), /upstream s1 went away/);
  for (const m of cancelled) assert.is(h.router.targetOf('upstream', m).upstream, 's1', 'decided and journaled as from s1');

  h.links.s1!.up();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await h.router.send({ jsonrpc: '2.0', id: sampling, result: { late: true } });
  assert.not.ok(h.links.s1!.sent.some((m) => !('method' in m) && m.id === 'ask-1'), 'the restarted server never asked it');
  await h.router.send({ jsonrpc: '2.0', id: other, result: { ok: true } });
  assert.equal(h.links.s2!.sent.at(-1), { jsonrpc: '2.0', id: 'ask-1', result: { ok: true } }, 's2\'s request is still answered');
});

test('an upstream that cancels its request is forgotten with it: the client\'s answer after the cancellation reaches nobody', async () => {
  const h = await harness();
  const ours = ask(h, 'gh', 7);
  const before = h.delivered.length;
  h.links.gh!.onmessage!({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7, reason: 'changed its mind' } });
  assert.equal(cancellations(h, before).map((m) => (m as { params: JsonObject }).params.requestId), [ours]);
  await h.router.send({ jsonrpc: '2.0', id: ours, result: {} });
  assert.not.ok(h.links.gh!.sent.some((m) => !('method' in m) && m.id === 7));
  h.links.gh!.down();
  assert.equal(cancellations(h, before + 1), [], 'nothing left to cancel when it goes down');
});

test('an upstream\'s progress token past 2^53 goes back to it with every digit, and its request\'s other long integers reach the client', async () => {
  const h = await harness();
  h.links.gh!.onmessage!(wire('{"jsonrpc":"2.0","id":"big","method":"sampling/createMessage","params":{"maxTokens":12345678901234567893,"_meta":{"progressToken":12345678901234567891}}}'));
  const asked = h.delivered.at(-1) as { id: number };
  assert.match(messageText(asked as JsonRpcMessage), /"maxTokens":12345678901234567893\b/);
  assert.match(messageText(asked as JsonRpcMessage), new RegExp(`"progressToken":${asked.id}\\b`));
  await h.router.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: asked.id, progress: 1 } });
  assert.match(messageText(h.links.gh!.sent.at(-1)!), /"progressToken":12345678901234567891\b/);
});

test.run();
