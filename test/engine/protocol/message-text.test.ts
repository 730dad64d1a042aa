import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalJson } from '../../../engine/journal/canonical.js';
import type { JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { messageText, messageTextLength, payloadText } from '../../../engine/protocol/message-text.js';

/** A tool answer whose members are out of canonical order, as MCP servers write them. */
function answer(text: string): JsonRpcMessage {
  return JSON.parse(JSON.stringify({ jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text }], isError: false } })) as JsonRpcMessage;
}

test('a message whose payload text was never taken is exactly JSON.stringify(message)', () => {
  const message = answer('plain');
  assert.is(messageText(message), JSON.stringify(message));
  assert.not.ok(Object.isFrozen((message as { result: object }).result));
});

test('a payload taken as text is written as that canonical text, after the other members, and means the same', () => {
  const cases: JsonRpcMessage[] = [
    answer('line one\nline two "quoted" \u00e9 \u{1f600}'),
    { jsonrpc: '2.0', method: 'tools/call', id: 'a', params: { name: 'read_file', arguments: { path: 'x', b: [1, 2.5, null] } } },
    { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 0.5 } },
    { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'bad', data: { z: 1, a: 2 } } },
  ];
  for (const message of cases) {
    const { params, result, error } = message as { params?: object; result?: object; error?: object };
    const payload = (params ?? result ?? error)!;
    const canonical = canonicalJson(payload);
    assert.is(payloadText(payload), canonical);
    const text = messageText(message);
    assert.equal(JSON.parse(text), JSON.parse(JSON.stringify(message)));
    assert.ok(text.endsWith(`${canonical}}`), text);
    assert.ok(text.startsWith('{"jsonrpc":"2.0",'), text);
  }
});

test('a message of its payload alone is still one JSON object', () => {
  const params = { b: 1, a: 2 };
  payloadText(params);
  const text = messageText({ params } as unknown as JsonRpcMessage);
  assert.is(text, '{"params":{"a":2,"b":1}}');
});

test('a payload taken as text is frozen all the way down: a change throws instead of leaving the text stale', () => {
  const message = answer('kept') as unknown as { result: { content: Array<{ text: string }> } };
  payloadText(message.result);
  assert.throws(() => {
    message.result.content[0]!.text = 'changed';
  }, TypeError);
  assert.throws(() => {
    message.result.content.push({ text: 'more' });
  }, TypeError);
  assert.ok(messageText(message as unknown as JsonRpcMessage).includes('"text":"kept"'));
});

test('a rewritten copy of a payload is serialised afresh, never as the original text', () => {
  const message = answer('secret') as unknown as { jsonrpc: '2.0'; id: number; result: { content: Array<{ type: string; text: string }> } };
  payloadText(message.result);
  const redacted = structuredClone(message.result);
  redacted.content[0]!.text = '[redacted]';
  const forwarded = { ...message, result: redacted } as unknown as JsonRpcMessage;
  assert.is(messageText(forwarded), JSON.stringify(forwarded));
  assert.not.ok(messageText(forwarded).includes('secret'));
});

test('a payload that is not JSON is refused as canonicalJson refuses it, and nothing is kept', () => {
  const payload = { n: Number.NaN };
  assert.throws(() => payloadText(payload), /not a finite number/);
  assert.not.ok(Object.isFrozen(payload));
  assert.is(messageText({ jsonrpc: '2.0', id: 1, result: payload } as unknown as JsonRpcMessage), JSON.stringify({ jsonrpc: '2.0', id: 1, result: payload }));
});

test('messageTextLength is the length of messageText, whether or not a payload text was taken', () => {
  const plain: JsonRpcMessage = { jsonrpc: '2.0', id: 'é', result: { text: 'ü'.repeat(10) } };
  const taken: JsonRpcMessage = { jsonrpc: '2.0', id: 3, result: { b: 1, a: 'x'.repeat(5000) } };
  payloadText((taken as { result: object }).result);
  const alone = { params: { z: 1 } } as unknown as JsonRpcMessage;
  payloadText((alone as unknown as { params: object }).params);
  for (const message of [plain, taken, alone]) assert.is(messageTextLength(message), messageText(message).length);
});

test.run();
