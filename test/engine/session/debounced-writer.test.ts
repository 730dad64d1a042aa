import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DebouncedWriter } from '../../../engine/session/debounced-writer.js';

const fail = (error: unknown) => assert.unreachable(String(error));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a burst of changes is one write of the latest state', async () => {
  let state = 0;
  const written: number[] = [];
  const writer = new DebouncedWriter({ write: async () => { written.push(state); }, delayMs: 20, onError: fail });
  for (state = 1; state <= 5; state++) writer.schedule();
  state = 5;
  await sleep(60);
  assert.equal(written, [5]);
});

test('writes never overlap, and a change during a write is written after it', async () => {
  let running = 0;
  let overlapped = false;
  let writes = 0;
  const writer = new DebouncedWriter({
    write: async () => {
      overlapped ||= running > 0;
      running++;
      await sleep(30);
      running--;
      writes++;
    },
    delayMs: 1,
    onError: fail,
  });
  writer.schedule();
  await sleep(10);
  writer.schedule();
  writer.schedule();
  await writer.flush();
  assert.is(overlapped, false);
  assert.is(writes, 2);
});

test('flush writes at once what is pending; a failed write is reported, not thrown', async () => {
  const errors: unknown[] = [];
  let calls = 0;
  const writer = new DebouncedWriter({
    write: async () => { calls++; throw new Error('disk full'); },
    delayMs: 10_000,
    onError: (e) => errors.push(e),
  });
  writer.schedule();
  await writer.flush();
  assert.is(calls, 1);
  assert.is((errors[0] as Error).message, 'disk full');
  await writer.flush();
  assert.is(calls, 1, 'nothing pending, nothing written');
});

test.run();
