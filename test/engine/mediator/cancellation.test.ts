import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { translateCancellation } from '../../../engine/mediator/cancellation.js';

const pending = new Map<string | number, number>([[1, 17], ['a', 18]]);
const lookup = (id: string | number) => pending.get(id);

test('the cancelled request is named by its forwarded id', () => {
  const n = { jsonrpc: '2.0' as const, method: 'notifications/cancelled', params: { requestId: 1, reason: 'user' } };
  assert.equal(translateCancellation(n, lookup), { ...n, params: { requestId: 17, reason: 'user' } });
  assert.equal(translateCancellation({ ...n, params: { requestId: 'a' } }, lookup)?.params, { requestId: 18 });
});

test('unknown or malformed request ids are dropped', () => {
  const n = { jsonrpc: '2.0' as const, method: 'notifications/cancelled', params: { requestId: 99 } };
  assert.is(translateCancellation(n, lookup), undefined);
  assert.is(translateCancellation({ ...n, params: {} }, lookup), undefined);
  assert.is(translateCancellation({ ...n, params: { requestId: null } }, lookup), undefined);
});

test('other notifications pass unchanged', () => {
  const n = { jsonrpc: '2.0' as const, method: 'notifications/progress', params: { progressToken: 1, progress: 1 } };
  assert.is(translateCancellation(n, lookup), n);
});

test.run();
