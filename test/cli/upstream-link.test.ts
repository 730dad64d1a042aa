/**
 * cli/upstream-link.ts with scripted transports: backoff bounds, failover to the next endpoint
 * at once, reconnection after a loss, and an HTTP error status answered as a JSON-RPC error
 * right away instead of leaving the request to its timeout.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import { UPSTREAM_UNAVAILABLE } from '../../engine/router/router.js';
import type { Transport } from '../../transports/contract.js';
import { TransportError } from '../../transports/errors.js';
import { backoffDelay, TransportLink, type Endpoint } from '../../cli/upstream-link.js';

class FakeTransport implements Transport {
  readonly name = 'fake';
  onmessage?: Transport['onmessage'];
  onclose?: () => void;
  onerror?: (error: Error) => void;
  readonly sent: JsonRpcMessage[] = [];
  constructor(readonly fails: boolean) {}
  start(): Promise<void> {
    return this.fails ? Promise.reject(new Error('refused')) : Promise.resolve();
  }
  send(message: JsonRpcMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.onclose?.();
    return Promise.resolve();
  }
  paused = false;
  pause(): boolean {
    this.paused = true;
    return true;
  }
  resume(): void {
    this.paused = false;
  }
}

function endpoints(plan: boolean[], made: FakeTransport[]): Endpoint[] {
  return plan.map((fails, i) => ({
    label: `e${i}`,
    create: () => {
      const t = new FakeTransport(fails);
      made.push(t);
      return t;
    },
  }));
}

const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('backoff doubles from the base, is capped, and keeps at least half of each wait', () => {
  const opts = { baseMs: 100, maxMs: 1000 };
  for (const [failures, ceiling] of [[1, 100], [2, 200], [3, 400], [4, 800], [5, 1000], [40, 1000]] as const) {
    assert.is(backoffDelay(failures, { ...opts, random: () => 0 }), ceiling / 2, `lowest wait after ${failures}`);
    assert.is(backoffDelay(failures, { ...opts, random: () => 0.999999 }), ceiling, `highest wait after ${failures}`);
  }
});

test('a first endpoint that refuses is left for the next one at once', async () => {
  const made: FakeTransport[] = [];
  const link = new TransportLink('s', endpoints([true, false], made), { baseMs: 10_000, maxMs: 10_000 });
  let ups = 0;
  link.onup = () => { ups++; };
  assert.is(await link.start(), false);
  await tick();
  assert.is(ups, 1);
  assert.ok(link.connected);
  assert.is(link.endpoint, 'e1');
  await link.close();
});

test('a lost connection goes down and comes back, on the next endpoint first', async () => {
  const made: FakeTransport[] = [];
  const link = new TransportLink('s', endpoints([false, false], made), { baseMs: 10_000, maxMs: 10_000 });
  const events: string[] = [];
  link.onup = () => events.push(`up ${link.endpoint}`);
  link.ondown = () => events.push('down');
  assert.is(await link.start(), true);
  made[0]!.onclose!();
  await tick();
  assert.equal(events, ['up e0', 'down', 'up e1']);
  await link.close();
});

test('a connection that closes before saying anything (a lazy HTTP start) does not reset the backoff; one that answered does', async () => {
  const made: FakeTransport[] = [];
  const link = new TransportLink('lazy', endpoints([false, false], made), { baseMs: 4, maxMs: 1000, random: () => 0 });
  const waits: number[] = [];
  link.onerror = (e) => { const m = / in (\d+) ms$/.exec(e.message); if (m) waits.push(Number(m[1])); };
  await link.start();
  for (let lost = 1; lost <= 5; lost++) {
    made.at(-1)!.onclose!();
    while (made.length <= lost) await tick(1);
  }
  assert.equal(waits, [0, 2, 4, 8, 16], 'the other endpoint at once, then doubling: no hot loop over endpoints that never answer');
  made.at(-1)!.onmessage!({ jsonrpc: '2.0', id: 1, result: {} });
  made.at(-1)!.onclose!();
  assert.equal(waits.slice(5), [0], 'after an answer, a loss starts a new run of failures');
  await link.close();
});

test('an HTTP error status for a request, a request not sent (too many open), or one whose stream or connection was given up, is answered at once with a JSON-RPC error under its id', async () => {
  const made: FakeTransport[] = [];
  const link = new TransportLink('web', endpoints([false], made), { baseMs: 10, maxMs: 10 });
  const received: JsonRpcMessage[] = [];
  const errors: string[] = [];
  link.onmessage = (m) => received.push(m);
  link.onerror = (e) => errors.push(e.message);
  await link.start();
  made[0]!.onerror!(new TransportError('http_status', 'HTTP 503', { detail: { status: 503, id: 7 } }));
  made[0]!.onerror!(new TransportError('http_status', 'HTTP 500 on a notification', { detail: { status: 500 } }));
  made[0]!.onerror!(new TransportError('frame_parse', 'bad frame', { detail: { id: 8 } }));
  made[0]!.onerror!(new TransportError('too_many_requests', '2 requests are already open', { detail: { id: 9, limit: 2 } }));
  made[0]!.onerror!(new TransportError('io_error', 'the upstream ended the response stream before the response', { detail: { reason: 'stream_ended', id: 10 } }));
  made[0]!.onerror!(new TransportError('io_error', 'the upstream response stream could not be reopened', { detail: { reason: 'stream_lost', id: 11 } }));
  made[0]!.onerror!(new TransportError('io_error', 'POST to the upstream failed', { detail: { reason: 'ECONNRESET', id: 12 } }));
  made[0]!.onerror!(new TransportError('http_status', 'HTTP 429', { detail: { status: 429, id: 13, retry_after_ms: 2000 } }));
  made[0]!.onerror!(new TransportError('io_error', 'POST to the upstream failed: socket hang up; the session goes on', { detail: { reason: 'connection_reset', id: 14 } }));
  const answers = received as { id: number; error: { code: number; message: string; data?: unknown } }[];
  assert.equal(answers.map((a) => a.id), [7, 9, 10, 11, 13, 14], 'only the requests with an id are answered, and not for a fatal error (the link goes down and retries)');
  assert.match(answers[4]!.error.message, /web answered with HTTP status 429; it asks to be retried after 2000 ms/);
  assert.equal(answers[4]!.error.data, { retry_after_ms: 2000 }, 'the delay the upstream asked for, for the client to act on');
  assert.is(answers[0]!.error.data, undefined);
  assert.match(answers[5]!.error.message, /web: POST to the upstream failed: socket hang up/);
  for (const answer of answers) assert.is(answer.error.code, UPSTREAM_UNAVAILABLE);
  assert.match(answers[0]!.error.message, /web.*503/);
  assert.match(answers[1]!.error.message, /web: 2 requests are already open/);
  assert.match(answers[2]!.error.message, /web: the upstream ended the response stream/);
  assert.is(errors.length, 9, 'every error is still reported');
  await link.close();
});

test('a paused link holds its transport, and one it reconnects meanwhile starts held; resume reads again', async () => {
  const made: FakeTransport[] = [];
  const link = new TransportLink('s', endpoints([false, false], made), { baseMs: 10_000, maxMs: 10_000 });
  assert.is(await link.start(), true);
  assert.is(link.pause(), true);
  assert.ok(made[0]!.paused);
  made[0]!.onclose!();
  await tick();
  assert.ok(made[1]!.paused, 'the new connection is held too');
  link.resume();
  assert.not.ok(made[1]!.paused);
  await link.close();
});

test.run();
