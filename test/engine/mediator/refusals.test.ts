/**
 * The warden's own answers: oversize messages, request timeouts and shutdown. Each answers the
 * waiting requester and is journaled as a denied decision.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TransportError } from '../../../transports/errors.js';
import { messageText } from '../../../engine/protocol/message-text.js';
import { decodeMessage, tooLarge } from '../../../transports/framing/message-codec.js';
import { planAbandoned, planExpired } from '../../../engine/mediator/refusals.js';
import { planMessage, type PlanContext } from '../../../engine/mediator/plan.js';
import { anonymousPrincipal } from '../../../engine/session/principal.js';
import { Session } from '../../../engine/session/session.js';
import { time } from '../decision/fixtures.js';
import { decider, setup } from './harness.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('an oversize response answers the pending client request with an error and is journaled', async () => {
  const h = setup();
  h.client.deliver({ jsonrpc: '2.0', id: 'c1', method: 'tools/call', params: { name: 'dump' } });
  await h.mediator.idle();
  const forwarded = h.upstream.sent[0] as { id: number };
  h.upstream.onerror?.(tooLarge(9_000_000, 4_194_304, 'incoming', { id: forwarded.id, hasId: true, hasMethod: false, isObject: true }));
  await h.mediator.idle();
  const reply = h.client.sent[0] as { id: string; error: { code: number; message: string } };
  assert.is(reply.id, 'c1');
  assert.is(reply.error.code, -32603);
  assert.match(reply.error.message, /exceeds the limit of 4194304 bytes/);
  const entry = h.journal.entries.at(-1)!;
  assert.equal([entry.direction, entry.message_kind, entry.method, entry.allow, entry.action], ['server_to_client', 'response', 'tools/call', false, 'deny']);
  assert.is(entry.request_id, 'c1', 'journaled under the requester\'s id, as every response is');
  // the late real response (if one came) is unknown now
  h.upstream.deliver({ jsonrpc: '2.0', id: forwarded.id, result: {} });
  await h.mediator.idle();
  assert.is(h.client.sent.length, 1);
});

test('a message the upstream side refused itself (a router\'s stray answer) is journaled with its reason and dropped, the policy not asked', async () => {
  const h = setup(() => ({ allowed: true }));
  h.client.deliver({ jsonrpc: '2.0', id: 'c9', method: 'tools/list' });
  await h.mediator.idle();
  const forwarded = h.upstream.sent[0] as { id: number };
  const decided = h.decider.inputs.length;
  // the same id as the request in flight: a refused message must not answer it
  h.upstream.deliver({ jsonrpc: '2.0', id: forwarded.id, result: { tools: [] } }, { refused: 'answer to no request in flight' });
  await h.mediator.idle();
  assert.equal(h.client.sent, [], 'nothing reaches the client');
  assert.is(h.decider.inputs.length, decided, 'the policy was not asked');
  const entry = h.journal.entries.at(-1)!;
  assert.equal([entry.direction, entry.message_kind, entry.allow, entry.action, entry.reasons], ['server_to_client', 'response', false, 'drop', ['answer to no request in flight']]);
  h.upstream.deliver({ jsonrpc: '2.0', id: forwarded.id, result: { tools: [] } });
  await h.mediator.idle();
  assert.is((h.client.sent[0] as { id: string }).id, 'c9', 'the request in flight is still answered by its own answer');
});

test('a request the upstream refused at the HTTP level is answered at once, not left to time out', async () => {
  const h = setup();
  h.client.deliver({ jsonrpc: '2.0', id: 'c2', method: 'tools/list' });
  await h.mediator.idle();
  const forwarded = h.upstream.sent[0] as { id: number };
  h.upstream.onerror?.(new TransportError('http_status', 'the upstream answered with an error status (HTTP 502)', { detail: { status: 502, id: forwarded.id } }));
  await h.mediator.idle();
  const reply = h.client.sent[0] as { id: string; error: { code: number; message: string } };
  assert.equal([reply.id, reply.error.code], ['c2', -32603]);
  assert.match(reply.error.message, /HTTP 502/);
  assert.is(h.journal.entries.at(-1)!.action, 'deny');
});

test('a request the upstream refused as busy (HTTP 429 with Retry-After) is answered with the delay, for the client to act on, and journaled with it', async () => {
  const h = setup();
  h.client.deliver({ jsonrpc: '2.0', id: 'c3', method: 'tools/call', params: { name: 'x' } });
  await h.mediator.idle();
  const forwarded = h.upstream.sent[0] as { id: number };
  const message = 'the upstream answered with an error status (HTTP 429); it asks to be retried after 3000 ms';
  h.upstream.onerror?.(new TransportError('http_status', message, { detail: { status: 429, id: forwarded.id, retry_after_ms: 3000 } }));
  await h.mediator.idle();
  const reply = h.client.sent[0] as { id: string; error: { code: number; message: string; data: Record<string, unknown> } };
  assert.equal([reply.id, reply.error.code, reply.error.data.retry_after_ms], ['c3', -32603, 3000]);
  assert.match(reply.error.message, /HTTP 429\); it asks to be retried after 3000 ms/);
  assert.is(reply.error.data.decision_id, h.journal.entries.at(-1)!.decision_id);
  assert.equal(h.upstream.sent.length, 1, 'the call is not sent again');
  assert.match(JSON.stringify(h.journal.entries.at(-1)), /retried after 3000 ms/);
});

test('an oversize client request is answered -32600 and never forwarded', async () => {
  const h = setup();
  h.client.onerror?.(tooLarge(5_000_000, 4_194_304, 'incoming', { id: 3, hasId: true, hasMethod: true, isObject: true }));
  await h.mediator.idle();
  assert.equal(h.upstream.sent, []);
  assert.equal((h.client.sent[0] as { id: number; error: { code: number } }).error.code, -32600);
  assert.is(h.journal.entries.at(-1)!.message_kind, 'request');
});

test('an oversize client frame that is no object, or a request whose id cannot be echoed, gets -32600 with id null', async () => {
  const h = setup();
  h.client.onerror?.(tooLarge(5_000, 4_096, 'incoming', { hasId: false, hasMethod: false, isObject: false }));
  h.client.onerror?.(tooLarge(5_053, 4_096, 'incoming', { hasId: true, hasMethod: true, isObject: true }));
  h.upstream.onerror?.(tooLarge(5_000, 4_096, 'incoming', { hasId: false, hasMethod: false, isObject: false }));
  await h.mediator.idle();
  assert.equal(h.client.sent.map((m) => { const e = m as { id: unknown; error: { code: number } }; return [e.id, e.error.code]; }), [[null, -32600], [null, -32600]]);
  assert.equal(h.upstream.sent, [], 'a server writing junk to its stdout is not answered');
  assert.is(h.journal.entries.length, 3, 'all three are journaled');
});

test('refused frames without an id are journaled, not answered; outgoing refusals and other errors are only reported', async () => {
  const h = setup();
  h.client.onerror?.(tooLarge(5_000_000, 100, 'incoming', { hasId: false, hasMethod: true, isObject: true }));
  h.upstream.onerror?.(tooLarge(5_000_000, 100, 'outgoing'));
  h.upstream.onerror?.(new TransportError('frame_parse', 'bad', { detail: { bytes: 3, reason: 'invalid JSON' } }));
  h.upstream.onerror?.(new TransportError('io_error', 'gone'));
  await h.mediator.idle();
  assert.equal(h.client.sent, []);
  assert.equal(h.upstream.sent, []);
  assert.equal(h.journal.entries.map((e) => [e.direction, e.message_kind, e.request_id, e.allow, e.action, e.reasons]), [
    ['client_to_server', 'notification', null, false, 'drop', ['message of at least 5000000 bytes exceeds the limit of 100 bytes']],
    ['server_to_client', null, null, false, 'drop', ['malformed message: invalid JSON']],
  ]);
  assert.is(h.errors.length, 4);
});

test('a malformed request with an id and a method is answered -32600 and journaled as denied', async () => {
  const h = setup();
  for (const bad of ['{"jsonrpc":"2.0","id":7,"method":"tools/list","params":[1]}', '{"jsonrpc":"1.0","id":"x","method":"ping"}']) {
    const decoded = decodeMessage(Buffer.from(bad));
    assert.ok('error' in decoded);
    h.client.onerror?.(decoded.error);
  }
  await h.mediator.idle();
  assert.equal(h.upstream.sent, []);
  assert.equal(h.client.sent.map((m) => [(m as { id: unknown }).id, (m as { error: { code: number } }).error.code]), [[7, -32600], ['x', -32600]]);
  assert.equal(h.journal.entries.map((e) => [e.message_kind, e.request_id, e.allow, e.action]), [['request', 7, false, 'deny'], ['request', 'x', false, 'deny']]);
  assert.match(String((h.journal.entries[0]!.reasons as string[])[0]), /params must be an object/);
});

test('a batch is answered once with id null; a request with a fractional id is answered under its id as written', async () => {
  const h = setup();
  for (const bad of ['[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}]', '{"jsonrpc":"2.0","id":1.5,"method":"ping"}']) {
    const decoded = decodeMessage(Buffer.from(bad));
    assert.ok('error' in decoded);
    h.client.onerror?.(decoded.error);
  }
  await h.mediator.idle();
  assert.equal(h.client.sent.map((m) => [JSON.parse(messageText(m)).id, (m as { error: { code: number } }).error.code]), [[null, -32600], [1.5, -32600]]);
  assert.ok(messageText(h.client.sent[1]!).startsWith('{"jsonrpc":"2.0","id":1.5,'));
  assert.equal(h.journal.entries.map((e) => [e.message_kind, e.request_id, e.action]), [[null, null, 'deny'], ['request', '1.5', 'deny']]);
});

test('a client frame that is not JSON gets -32700 and one with no id -32600, both with id null; a malformed response and upstream junk get nothing', async () => {
  const h = setup();
  const client = ['{"jsonrpc":"2.0","id":1,"method":"ping"', '\u00ff', '{"jsonrpc":"2.0","method":1,"params":"bar"}', '1', '{"foo":"bar"}',
    '{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"}}', '{"jsonrpc":"2.0","id":null,"result":{}}'];
  for (const bad of client) {
    const decoded = decodeMessage(Buffer.from(bad, bad === '\u00ff' ? 'latin1' : 'utf8'));
    assert.ok('error' in decoded, bad);
    h.client.onerror?.(decoded.error);
  }
  for (const bad of ['Server listening on stdio', '{"method":"x"}']) {
    const decoded = decodeMessage(Buffer.from(bad));
    assert.ok('error' in decoded, bad);
    h.upstream.onerror?.(decoded.error);
  }
  await h.mediator.idle();
  assert.equal(h.client.sent.map((m) => [(m as { id: unknown }).id, (m as { error: { code: number } }).error.code]),
    [[null, -32700], [null, -32700], [null, -32600], [null, -32600], [null, -32600]]);
  assert.match((h.client.sent[0] as { error: { message: string } }).error.message, /^Parse error in mcp-warden: malformed message: invalid JSON$/);
  assert.match((h.client.sent[1] as { error: { message: string } }).error.message, /invalid UTF-8/);
  assert.equal(h.upstream.sent, []);
  assert.equal(h.journal.entries.map((e) => [e.direction, e.action]), [
    ...Array(5).fill(['client_to_server', 'deny']), ['client_to_server', 'drop'], ['client_to_server', 'drop'],
    ['server_to_client', 'drop'], ['server_to_client', 'drop'],
  ]);
});

test('a frame the transport already answered (HTTP 400) is journaled but not answered again', async () => {
  const h = setup();
  h.client.onerror?.(new TransportError('frame_invalid', 'bad', { detail: { reason: 'jsonrpc must be "2.0"', id: 4, has_method: true, answered: true } }));
  await h.mediator.idle();
  assert.equal(h.client.sent, []);
  assert.equal(h.journal.entries.map((e) => [e.request_id, e.action]), [[4, 'deny']]);
});

test('a response or request holding a number past a double\'s range is refused as malformed: the requester is answered, nothing waits', async () => {
  const h = setup();
  h.client.deliver({ jsonrpc: '2.0', id: 'c7', method: 'tools/call', params: { name: 'inf' } });
  await h.mediator.idle();
  const forwarded = h.upstream.sent[0] as { id: number };
  const answer = decodeMessage(Buffer.from(`{"jsonrpc":"2.0","id":${forwarded.id},"result":{"content":[],"x":1e400}}`));
  assert.ok('error' in answer);
  h.upstream.onerror?.(answer.error);
  const request = decodeMessage(Buffer.from('{"jsonrpc":"2.0","id":"c8","method":"tools/call","params":{"name":"echo","arguments":{"big":-1e999}}}'));
  assert.ok('error' in request);
  h.client.onerror?.(request.error);
  await h.mediator.idle();
  assert.equal(h.client.sent.map((m) => { const e = m as { id: unknown; error: { code: number } }; return [e.id, e.error.code]; }), [['c7', -32603], ['c8', -32600]]);
  assert.match((h.client.sent[1] as { error: { message: string } }).error.message, 'too large for a double');
  assert.is(h.upstream.sent.length, 1, 'the refused request is never forwarded');
});

test('a malformed response settles the request it names', async () => {
  const h = setup();
  h.client.deliver({ jsonrpc: '2.0', id: 'c9', method: 'tools/list' });
  await h.mediator.idle();
  const forwarded = h.upstream.sent[0] as { id: number };
  const decoded = decodeMessage(Buffer.from(`{"jsonrpc":"2.0","id":${forwarded.id},"result":{},"error":{"code":1,"message":"x"}}`));
  assert.ok('error' in decoded);
  h.upstream.onerror?.(decoded.error);
  await h.mediator.idle();
  assert.equal((h.client.sent[0] as { id: string; error: { code: number } }).id, 'c9');
  assert.equal((h.client.sent[0] as { error: { code: number } }).error.code, -32603);
});

test('a request past the in-flight limit is refused -32000 and journaled, never decided or forwarded; answered ones free a slot', async () => {
  const h = setup(() => ({}), { maxInFlight: 2 });
  for (const id of [1, 2, 3]) h.client.deliver({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'slow' } });
  await h.mediator.idle();
  assert.is(h.upstream.sent.length, 2);
  const refusal = h.client.sent[0] as { id: number; error: { code: number; message: string } };
  assert.equal([refusal.id, refusal.error.code], [3, -32000]);
  assert.match(refusal.error.message, 'too many requests in flight (the limit is 2)');
  assert.equal(h.journal.entries.at(-1)!.action, 'deny');
  assert.is(h.decider.inputs.length, 2, 'the policy is not asked about the refused one');
  h.upstream.deliver({ jsonrpc: '2.0', id: (h.upstream.sent[0] as { id: number }).id, result: {} });
  h.client.deliver({ jsonrpc: '2.0', id: 4, method: 'ping' });
  await h.mediator.idle();
  assert.is((h.upstream.sent[2] as { method: string }).method, 'ping');
});

test('a request unanswered past the timeout gets -32001 and is cancelled upstream', async () => {
  const h = setup(() => ({}), { requestTimeoutMs: 40 });
  h.client.deliver({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'slow' } });
  await h.mediator.idle();
  const forwarded = h.upstream.sent[0] as { id: number };
  await delay(120);
  await h.mediator.idle();
  assert.equal(h.client.sent.map((m) => ('error' in m ? [m.id, m.error.code] : m)), [[9, -32001]]);
  assert.equal(h.upstream.sent[1], {
    jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: forwarded.id, reason: 'mcp-warden: request timed out' },
  });
  assert.equal(h.journal.entries.at(-1)!.reasons, ['no response within 40 ms']);
  await h.mediator.stop();
});

test('with several upstreams, a timed-out or abandoned request is journaled as concerning its upstream, not all of them', () => {
  // The call went to b; the sampling request was asked by c (the router's id 1); a list fans out to every upstream.
  const session = new Session({
    id: 's', transport: 't', upstream: '*', principal: anonymousPrincipal(),
    routing: {
      targetOf: (from, message) => ({ upstream: from === 'client' && !('method' in message) && message.id === 1 ? 'c' : '*' }),
      inFlightOn: () => true,
      servingNow: (forwardedId) => (forwardedId === call ? 'b' : undefined),
    },
  });
  let n = 0;
  const ctx: PlanContext = { session, decider: decider(() => ({})), journal: { commitment: () => 'c' }, now: () => time, newDecisionId: () => `d-${++n}`, wireMessages: true };
  const forwardedId = (plan: ReturnType<typeof planMessage>): number => (plan.send[0]!.message as { id: number }).id;
  const call = forwardedId(planMessage(ctx, 'client', { jsonrpc: '2.0', id: 'c1', method: 'tools/call', params: { name: 'slow' } }));
  const list = forwardedId(planMessage(ctx, 'client', { jsonrpc: '2.0', id: 'c2', method: 'tools/list' }));
  const asked = forwardedId(planMessage(ctx, 'upstream', { jsonrpc: '2.0', id: 1, method: 'sampling/createMessage', params: { messages: [] } }));
  const toUpstream = (id: number) => session.toUpstream.settle(id)!;
  assert.is(planExpired(ctx, 'client', toUpstream(call), 40).entry.upstream, 'b');
  assert.is(planExpired(ctx, 'client', toUpstream(list), 40).entry.upstream, '*', 'a fan-out concerns every upstream');
  assert.is(planAbandoned(ctx, 'upstream', session.toClient.settle(asked)!, 'the client left').entry.upstream, 'c');
});

test('an answered request does not time out', async () => {
  const h = setup(() => ({}), { requestTimeoutMs: 40 });
  h.client.deliver({ jsonrpc: '2.0', id: 9, method: 'ping' });
  await h.mediator.idle();
  h.upstream.deliver({ jsonrpc: '2.0', id: (h.upstream.sent[0] as { id: number }).id, result: {} });
  await delay(120);
  await h.mediator.idle();
  assert.equal(h.client.sent, [{ jsonrpc: '2.0', id: 9, result: {} }]);
  await h.mediator.stop();
});

test('an idle session stops; one with a request pending does not, nor one whose client listens for notifications', async () => {
  const idle = setup(() => ({}), { idleTimeoutMs: 30 });
  const busy = setup(() => ({}), { idleTimeoutMs: 30 });
  const listening = setup(() => ({}), { idleTimeoutMs: 30 });
  listening.client.listening = true;
  busy.client.deliver({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'slow' } });
  await delay(150);
  assert.equal(await idle.mediator.done, { reason: 'idle' });
  assert.not.ok(busy.client.closed);
  assert.not.ok(listening.client.closed);
  listening.client.listening = false;
  // The mediator's timer does not hold the process open; this delay does, while it fires.
  await delay(150);
  assert.equal(await listening.mediator.done, { reason: 'idle' }, 'idle once it stops listening');
  await busy.mediator.stop();
});

test('shutdown refuses new client requests, lets in-flight ones finish, then closes', async () => {
  const h = setup();
  h.client.deliver({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'slow' } });
  await h.mediator.idle();
  const stopped = h.mediator.shutdown(2000);
  h.client.deliver({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  await delay(20);
  h.upstream.deliver({ jsonrpc: '2.0', id: (h.upstream.sent[0] as { id: number }).id, result: { content: [] } });
  await stopped;
  assert.equal(h.client.sent.map((m) => ('error' in m ? [m.id, m.error.code] : [(m as { id: unknown }).id])), [[2, -32000], [1]]);
  assert.is(h.upstream.sent.length, 1, 'the request that came during shutdown was not forwarded');
  assert.ok(h.client.closed && h.upstream.closed);
});

test('shutdown closes after the grace period when a request stays unanswered', async () => {
  const h = setup();
  h.client.deliver({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'stuck' } });
  await h.mediator.idle();
  const started = performance.now();
  await h.mediator.shutdown(60);
  assert.ok(performance.now() - started >= 55);
  assert.ok(h.client.closed && h.upstream.closed);
});

test('requests abandoned at shutdown are answered to their requester and cancelled to the side asked', async () => {
  const h = setup();
  h.client.deliver({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'stuck' } });
  h.upstream.deliver({ jsonrpc: '2.0', id: 's1', method: 'sampling/createMessage', params: { messages: [] } });
  await h.mediator.idle();
  const call = h.upstream.sent[0] as { id: number };
  const sampling = h.client.sent[0] as { id: number };
  await h.mediator.shutdown(20);
  const kinds = (sent: unknown[]) => sent.map((m) => {
    const x = m as { id?: unknown; method?: string; params?: { requestId: unknown }; error?: { code: number } };
    return x.method === 'notifications/cancelled' ? ['cancelled', x.params!.requestId] : x.error ? ['error', x.id, x.error.code] : ['request', x.id];
  });
  assert.equal(kinds(h.client.sent), [['request', sampling.id], ['error', 1, -32603], ['cancelled', sampling.id]]);
  assert.equal(kinds(h.upstream.sent), [['request', call.id], ['cancelled', call.id], ['error', 's1', -32603]]);
});

test.run();
