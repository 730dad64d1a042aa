/**
 * A stream no client reads buffers within both of its limits, events and bytes, then makes
 * sends wait (backpressure); closing settles every waiting send.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventStream } from '../../../../transports/http/server/event-stream.js';
import { TransportError } from '../../../../transports/errors.js';

const settledIn = (promise: Promise<void>) => {
  const state = { settled: false };
  promise.then(() => (state.settled = true), () => (state.settled = true));
  return state;
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

test('with no client, sends resolve until the buffered bytes reach the limit, however few the events', async () => {
  const stream = new EventStream('g', { events: 100, bytes: 2_000 });
  const payload = Buffer.alloc(900, 'x');
  const sends = [0, 1, 2, 3].map(() => stream.push(payload, false));
  const states = sends.map(settledIn);
  await tick();
  assert.equal(states.map((s) => s.settled), [true, true, false, false], 'the third would pass 2,000 bytes');
  stream.fail(new TransportError('closed', 'the session closed'));
  const results = await Promise.allSettled(sends);
  assert.equal(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'rejected']);
});

test('with no client, sends resolve until the event limit, however small the events', async () => {
  const stream = new EventStream('g', { events: 2, bytes: 1_000_000 });
  const states = [0, 1, 2, 3].map(() => settledIn(stream.push(Buffer.from('{}'), false)));
  await tick();
  assert.equal(states.map((s) => s.settled), [true, true, false, false]);
  stream.fail(new TransportError('closed', 'the session closed'));
});

test.run();
