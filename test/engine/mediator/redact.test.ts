import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { redact } from '../../../engine/mediator/redact.js';
import { keepExactIntegers } from '../../../engine/protocol/exact-integers.js';
import type { JsonObject } from '../../../engine/protocol/jsonrpc.js';
import { messageText } from '../../../engine/protocol/message-text.js';
import type { RedactionPath } from '../../../engine/decision/document.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; payload: JsonObject; paths: RedactionPath[]; want: JsonObject; count: number }

for (const c of loadCases<Case>('test/engine/mediator/redact.cases.yaml')) {
  test(c.note, () => {
    const before = structuredClone(c.payload);
    const out = redact(c.payload, c.paths);
    assert.equal(out.value, c.want);
    assert.is(out.count, c.count);
    assert.equal(c.payload, before, 'the original is untouched');
  });
}

test('an answer holding integers past 2^53 keeps every digit of them once redacted', () => {
  const frame = '{"jsonrpc":"2.0","id":1,"result":{"structuredContent":{"id":98765432109876543210,"token":"sk-ant-secret"}}}';
  const message = JSON.parse(frame) as { jsonrpc: '2.0'; id: number; result: JsonObject };
  keepExactIntegers(frame, message);
  const out = redact(message.result, [['structuredContent', 'token']]);
  const text = messageText({ jsonrpc: '2.0', id: 1, result: out.value });
  assert.is(text, '{"jsonrpc":"2.0","id":1,"result":{"structuredContent":{"id":98765432109876543210,"token":"[redacted by mcp-warden]"}}}');
  assert.is(out.count, 1);
});

test('an empty path matches nothing', () => {
  assert.equal(redact({ a: 1 }, [[]]).value, { a: 1 });
});

test.run();
