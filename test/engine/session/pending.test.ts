import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonObject, JsonRpcMessage, JsonRpcRequest } from '../../../engine/protocol/jsonrpc.js';
import { PendingRequests } from '../../../engine/session/pending.js';
import { decodeMessage } from '../../../transports/framing/message-codec.js';

/** A message as it arrives from the wire, its integers past 2^53 kept as written. */
function wire(text: string): JsonRpcMessage {
  const decoded = decodeMessage(Buffer.from(text));
  if (!('message' in decoded)) throw decoded.error;
  return decoded.message;
}

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

test('a progress token matches its request as written: past 2^53, not a neighbour that rounds to the same double', () => {
  const pending = new PendingRequests();
  // 12345678901234567890 and ...891 both read as 12345678901234567168.
  for (const [id, token] of [['a', '12345678901234567890'], ['b', '12345678901234567891'], ['c', '7']]) {
    pending.forward(wire(`{"jsonrpc":"2.0","id":"${id}","method":"tools/call","params":{"name":"t","_meta":{"progressToken":${token}}}}`) as JsonRpcRequest);
  }
  const progress = (token: string): JsonObject | undefined => (wire(`{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":${token},"progress":1}}`) as { params?: JsonObject }).params;
  assert.is(pending.originalWithProgressToken(progress('12345678901234567891')), 'b');
  assert.is(pending.originalWithProgressToken(progress('12345678901234567890')), 'a');
  assert.is(pending.originalWithProgressToken(progress('12345678901234567892')), undefined);
  assert.is(pending.originalWithProgressToken(progress('7')), 'c');
  assert.is(pending.originalWithProgressToken(progress('"7"')), undefined);
});

test.run();
