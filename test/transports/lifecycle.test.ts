import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Lifecycle } from '../../transports/lifecycle.js';

test('close called again while shutdown runs (by something shutdown ended) gets the same promise; shutdown and onclose run once', async () => {
  const lifecycle = new Lifecycle('t');
  lifecycle.begin();
  let shutdowns = 0;
  let onclose = 0;
  let reentered: Promise<void> | undefined;
  const shutdown = async (): Promise<void> => {
    shutdowns++;
    reentered = lifecycle.close(shutdown, fire);
  };
  const fire = (): void => void onclose++;
  const first = lifecycle.close(shutdown, fire);
  assert.is(reentered, first);
  await first;
  assert.equal([shutdowns, onclose], [1, 1]);
});

test('a shutdown that throws still fires onclose once, and close rejects with its error', async () => {
  const lifecycle = new Lifecycle('t');
  let onclose = 0;
  const closing = lifecycle.close(async () => { throw new Error('boom'); }, () => void onclose++);
  await closing.then(() => assert.unreachable('close should reject'), (error: Error) => assert.is(error.message, 'boom'));
  assert.is(onclose, 1);
  assert.is(lifecycle.close(async () => undefined, () => void onclose++), closing);
});

test.run();
