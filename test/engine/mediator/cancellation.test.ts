import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { translateCancellation } from '../../../engine/mediator/cancellation.js';
import type { JsonRpcNotification } from '../../../engine/protocol/jsonrpc.js';
import { numberMarker } from '../../../engine/protocol/number-markers.js';
import { decodeMessage } from '../../../transports/framing/message-codec.js';

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

test('a request id past 2^53 is matched to the digit, as its request was keyed', () => {
  const big = new Map<string | number, number>([[numberMarker('9007199254740993'), 21], [numberMarker('9007199254740992'), 22]]);
  const cancel = (literal: string) => {
    const decoded = decodeMessage(Buffer.from(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":${literal}}}`));
    if (!('message' in decoded)) throw decoded.error;
    return translateCancellation(decoded.message as JsonRpcNotification, (id) => big.get(id))?.params?.requestId;
  };
  assert.is(cancel('9007199254740993'), 21);
  assert.is(cancel('9007199254740992'), 22);
  assert.is(cancel('9007199254740994'), undefined, 'a neighbour that rounds to the same double names no request');
});

test('other notifications pass unchanged', () => {
  const n = { jsonrpc: '2.0' as const, method: 'notifications/progress', params: { progressToken: 1, progress: 1 } };
  assert.is(translateCancellation(n, lookup), n);
});

test.run();
