import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PendingRequests } from '../../../engine/session/pending.js';

test('remembers method and params of a forwarded request', () => {
  const pending = new PendingRequests();
  const id = pending.forward({ jsonrpc: '2.0', id: 'c1', method: 'tools/call', params: { name: 'read_file' } });
  const settled = pending.settle(id);
  assert.equal(settled?.info, { id: 'c1', method: 'tools/call', params: { name: 'read_file' } });
  assert.is(settled?.originalId, 'c1');
});

test('requests without params record null params', () => {
  const pending = new PendingRequests();
  const id = pending.forward({ jsonrpc: '2.0', id: 1, method: 'ping' });
  assert.equal(pending.settle(id)?.info, { id: 1, method: 'ping', params: null });
});

test.run();
