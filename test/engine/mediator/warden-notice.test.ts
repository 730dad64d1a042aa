import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setup } from './harness.js';

const CHANGED = 'notifications/tools/list_changed';

test('a warden notice is journaled, then sent to the client only', async () => {
  const h = setup();
  h.journal.held = [];
  const sent = h.mediator.notifyClient(CHANGED);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(h.client.sent, [], 'nothing before the journal acknowledges');
  h.journal.release();
  await sent;
  assert.equal(h.client.sent, [{ jsonrpc: '2.0', method: CHANGED }]);
  assert.equal(h.upstream.sent, []);
  const entry = h.journal.entries[0]!;
  assert.equal([entry.direction, entry.message_kind, entry.method, entry.action, entry.allow, entry.session_id],
    ['server_to_client', 'notification', CHANGED, 'answer', true, 's-1']);
  assert.equal(h.decider.inputs, [], 'the policy is not asked about what the warden says itself');
});

test('a notice whose entry cannot be journaled is not sent, and the session stops (fail closed)', async () => {
  const h = setup();
  h.journal.failWith = new Error('disk full');
  await h.mediator.notifyClient(CHANGED);
  const reason = await h.mediator.done;
  assert.is(reason.reason, 'journal-failed');
  assert.equal(h.client.sent, []);
});

test('a stopped session sends no notice', async () => {
  const h = setup();
  await h.mediator.stop();
  await h.mediator.notifyClient(CHANGED);
  assert.equal(h.client.sent, []);
  assert.equal(h.journal.entries, []);
});

test.run();
