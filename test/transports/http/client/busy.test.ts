/**
 * transports/http/client/busy.ts: an upstream answering 429 or 503. `Retry-After` is read in
 * both its forms; a request is never sent again (its error carries the delay, for the requester
 * to act on), a notification or response is, after the delay asked for, a bounded number of times.
 * Over both wire protocols, Streamable HTTP and legacy HTTP+SSE, which share this (post-failures.ts).
 */
import type { ServerResponse } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { busyRetryDelayMs, DEFAULT_BUSY_WAIT_MS, MAX_BUSY_RETRIES, MAX_BUSY_WAIT_MS, retryAfterMs } from '../../../../transports/http/client/busy.js';
import type { JsonRpcMessage, JsonValue } from '../../../../engine/protocol/jsonrpc.js';
import { messageText } from '../../../../engine/protocol/message-text.js';
import { request } from '../../sample-messages.js';
import type { PostHandler } from './streamable-peer.js';
import { liveUpstream } from './live-upstream.js';
import { closeWires, WIRES } from './wires.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

const RETRY_AFTER: [string | string[] | undefined, number | undefined][] = [
  ['2', 2000],
  ['0', 0],
  [' 5 ', 5000],
  [['7', '9'], 7000],
  ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
  ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
  [undefined, undefined],
  ['', undefined],
  ['-1', undefined],
  ['1.5', undefined],
  ['soon', undefined],
  ['2026-01-01', undefined],
];

test('Retry-After is delay-seconds or an HTTP-date; anything else is no delay', () => {
  for (const [value, ms] of RETRY_AFTER) assert.is(retryAfterMs(value, NOW), ms, JSON.stringify(value));
});

test('a busy message goes again after the delay asked (or the default), while retries last and the delay is short', () => {
  assert.is(busyRetryDelayMs(0, 3000), 3000);
  assert.is(busyRetryDelayMs(0, undefined), DEFAULT_BUSY_WAIT_MS);
  assert.is(busyRetryDelayMs(MAX_BUSY_RETRIES - 1, 0), 0);
  assert.is(busyRetryDelayMs(MAX_BUSY_RETRIES, 0), undefined);
  assert.is(busyRetryDelayMs(0, MAX_BUSY_WAIT_MS + 1), undefined);
});

test.after.each(closeWires);

/** Counts the POSTs of `method` (or request id) and refuses the first `refusals` of them with `status`, and `body` as JSON when given. */
function refuse(match: (m: { id?: unknown; method?: string }) => boolean, refusals: number, status: number, retryAfter?: string, body?: object): { handler: PostHandler; seen: () => number } {
  let seen = 0;
  const handler: PostHandler = (message, res) => {
    if (!match(message) || seen++ >= refusals) return false;
    const headers = { ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    res.writeHead(status, headers).end(body === undefined ? 'busy' : JSON.stringify(body));
    return true;
  };
  return { handler, seen: () => seen };
}

test('Streamable HTTP: notifications/initialized refused with 503 goes again after Retry-After; the session then opens its stream', async () => {
  const busy = refuse((m) => m.method === 'notifications/initialized', 1, 503, '0');
  const { peer, rec } = await liveUpstream({ transportMode: 'streamable-http' }, (p) => { p.onPost = busy.handler; });
  await peer.untilGet();
  assert.is(busy.seen(), 2);
  assert.equal(rec.errorCodes, ['http_status'], 'one warning');
  assert.equal(rec.errors[0]!.detail, { status: 503, retry_after_ms: 0, retrying: true });
  assert.match(rec.errors[0]!.message, /notifications\/initialized goes again in 0 ms/);
});

const PROGRESS: JsonRpcMessage = { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } };

/** What an upstream's JSON-RPC error said in `data`, and the `data` delivered when its 429 asked for 3 s. */
const BUSY_ANSWERS: [string, JsonValue | undefined, JsonValue | undefined][] = [
  ['none', undefined, { retry_after_ms: 3000 }],
  ['object', { reason: 'quota', limit: 10 }, { reason: 'quota', limit: 10, retry_after_ms: 3000 }],
  ['own-delay', { retry_after_ms: 500, reason: 'quota' }, { retry_after_ms: 500, reason: 'quota' }],
  ['string', 'slow down', 'slow down'],
  ['list', [1, 2], [1, 2]],
];

/** Answers request `id` with `status`, `headers` and its JSON-RPC error response carrying `data` (raw JSON text when a string). */
function errorAnswer(res: ServerResponse, id: unknown, status: number, headers: Record<string, string>, data?: JsonValue | { raw: string }): void {
  const members = data === undefined ? '' : `,"data":${typeof data === 'object' && data !== null && 'raw' in data ? String(data.raw) : JSON.stringify(data)}`;
  res.writeHead(status, { ...headers, 'content-type': 'application/json' })
    .end(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"error":{"code":-32000,"message":"rate limited"${members}}}`);
}

for (const [wire, setup] of Object.entries(WIRES)) {
  test(`${wire}: a 429 whose body is the JSON-RPC error response to the request is delivered with the delay in its data, beside what the upstream said`, async () => {
    const handler: PostHandler = (message, res) => {
      const answer = BUSY_ANSWERS.find(([id]) => id === message.id);
      if (answer === undefined) return false;
      errorAnswer(res, message.id, 429, { 'retry-after': '3' }, answer[1]);
      return true;
    };
    const { transport, rec } = await setup(handler);
    for (const [id] of BUSY_ANSWERS) await transport.send(request(id));
    await rec.untilMessages(BUSY_ANSWERS.length);
    for (const [id, , data] of BUSY_ANSWERS) {
      const delivered = rec.messages.find((m) => 'id' in m && m.id === id) as { error: { code: number; message: string; data?: JsonValue } };
      assert.equal(delivered.error, { code: -32000, message: 'rate limited', ...(data === undefined ? {} : { data }) }, id);
    }
    assert.equal(rec.errors, []);
    assert.is(rec.closes, 0);
  });

  test(`${wire}: an error answer keeps its integers exact with the delay added; one without Retry-After, or not busy, is delivered as it came`, async () => {
    const handler: PostHandler = (message, res) => {
      if (message.id === 'exact') errorAnswer(res, 'exact', 503, { 'retry-after': '1' }, { raw: '{"ticket":12345678901234567890}' });
      else if (message.id === 'no-delay') errorAnswer(res, 'no-delay', 429, {}, { reason: 'quota' });
      else if (message.id === 'not-busy') errorAnswer(res, 'not-busy', 400, { 'retry-after': '1' });
      else return false;
      return true;
    };
    const { transport, rec } = await setup(handler);
    for (const id of ['exact', 'no-delay', 'not-busy']) await transport.send(request(id));
    await rec.untilMessages(3);
    const text = (id: string): string => messageText(rec.messages.find((m) => 'id' in m && m.id === id)!);
    assert.match(text('exact'), /"data":\{"retry_after_ms":1000,"ticket":12345678901234567890\}|"data":\{"ticket":12345678901234567890,"retry_after_ms":1000\}/);
    assert.match(text('no-delay'), /"data":\{"reason":"quota"\}\}/);
    assert.not.match(text('not-busy'), /data/);
    assert.equal(rec.errors, []);
  });

  test(`${wire}: a request refused with 429 is not sent again: reported with its id, status and the delay asked; the transport stays open`, async () => {
    const busy = refuse((m) => m.id === 'call', Infinity, 429, '2');
    const { transport, rec, next } = await setup(busy.handler);
    await transport.send(request('call'));
    await rec.untilErrors(1);
    assert.is(rec.errors[0]!.code, 'http_status');
    assert.equal(rec.errors[0]!.detail, { status: 429, id: 'call', retry_after_ms: 2000 });
    assert.match(rec.errors[0]!.message, /HTTP 429\); it asks to be retried after 2000 ms/);
    await transport.send(request('next'));
    await next();
    assert.is(busy.seen(), 1, 'the call went once');
    assert.is(rec.closes, 0);
  });

  test(`${wire}: a notification refused as busy without Retry-After goes again after the default wait`, async () => {
    const busy = refuse((m) => m.method === 'notifications/cancelled', 1, 429);
    const { transport, rec, next } = await setup(busy.handler);
    const cancel = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } } as const;
    await transport.send(cancel);
    assert.equal(await next(DEFAULT_BUSY_WAIT_MS + 4000), cancel);
    assert.equal(rec.errors.map((e) => e.detail?.retry_after_ms), [DEFAULT_BUSY_WAIT_MS]);
  });

  test(`${wire}: a response refused as busy every time is sent at most MAX_BUSY_RETRIES more times, then reported`, async () => {
    const busy = refuse((m) => m.id === 's1' && m.method === undefined, Infinity, 503, '0');
    const { transport, rec } = await setup(busy.handler);
    await transport.send({ jsonrpc: '2.0', id: 's1', result: {} });
    await rec.untilErrors(MAX_BUSY_RETRIES + 1);
    assert.is(busy.seen(), MAX_BUSY_RETRIES + 1);
    assert.equal(rec.errors.map((e) => e.detail?.retrying ?? false), [true, true, false]);
    assert.equal(rec.errors.at(-1)!.detail, { status: 503, retry_after_ms: 0 });
    assert.is(rec.closes, 0);
  });

  test(`${wire}: a notification whose Retry-After is longer than MAX_BUSY_WAIT_MS is not waited for: reported with the delay`, async () => {
    const busy = refuse((m) => m.method === 'notifications/progress', Infinity, 429, '3600');
    const { transport, rec } = await setup(busy.handler);
    await transport.send(PROGRESS);
    await rec.untilErrors(1);
    assert.equal(rec.errors[0]!.detail, { status: 429, retry_after_ms: 3_600_000 });
    assert.is(busy.seen(), 1);
  });

  test(`${wire}: other error statuses are not retried, whatever Retry-After says`, async () => {
    const busy = refuse((m) => m.method === 'notifications/progress', Infinity, 500, '0');
    const { transport, rec } = await setup(busy.handler);
    await transport.send(PROGRESS);
    await rec.untilErrors(1);
    assert.equal(rec.errors[0]!.detail, { status: 500 });
    assert.is(busy.seen(), 1);
  });
}

test.run();
