import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { filterToolList } from '../../../engine/mediator/tool-filter.js';
import { keepExactIntegers } from '../../../engine/protocol/exact-integers.js';
import type { JsonObject } from '../../../engine/protocol/jsonrpc.js';
import { messageText } from '../../../engine/protocol/message-text.js';

const result: JsonObject = { tools: [{ name: 'a' }, { name: 'b', description: 'B' }, { name: 3 }, 'c', null], nextCursor: 'n' };

test('keeps visible tools in order, and the rest of the result', () => {
  const out = filterToolList(result, ['b', 'a']);
  assert.equal(out.result, { tools: [{ name: 'a' }, { name: 'b', description: 'B' }], nextCursor: 'n' });
  assert.equal(out.hidden, ['<unnamed>', '<unnamed>', '<unnamed>']);
});

test('null visible list shows nothing', () => {
  const out = filterToolList({ tools: [{ name: 'a' }] }, null);
  assert.equal(out.result.tools, []);
  assert.equal(out.hidden, ['a']);
});

test('the original result is not modified', () => {
  const tools = [{ name: 'a' }, { name: 'b' }];
  filterToolList({ tools }, ['a']);
  assert.is(tools.length, 2);
});

test('a result with nothing to hide is the same object, so any text taken for it is forwarded', () => {
  const result = { tools: [{ name: 'a' }, { name: 'b' }], nextCursor: 'c' };
  const out = filterToolList(result, ['b', 'a']);
  assert.is(out.result, result);
  assert.equal(out.hidden, []);
});

test('a listing holding integers past 2^53 keeps every digit of them once tools are hidden from it', () => {
  const frame = '{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a","inputSchema":{"type":"object","properties":{"n":{"type":"integer","maximum":18446744073709551615}}}},{"name":"b","x":9223372036854775807}]}}';
  const message = JSON.parse(frame) as { jsonrpc: '2.0'; id: number; result: JsonObject };
  keepExactIntegers(frame, message);
  const out = filterToolList(message.result, ['a']);
  assert.equal(out.hidden, ['b']);
  const text = messageText({ jsonrpc: '2.0', id: 1, result: out.result });
  assert.ok(text.includes('"maximum":18446744073709551615'), text);
  assert.not.ok(text.includes('"b"'), text);
  assert.equal(JSON.parse(text).result, out.result);
});

test('redaction paths into kept tools move with them; paths into hidden tools go; other paths stay', () => {
  const out = filterToolList({ tools: [{ name: 'x' }, { name: 'a' }, { name: 'y' }, { name: 'b' }] }, ['a', 'b']);
  assert.equal(out.redactions([['tools', 1, 'description'], ['tools', 2, 'description'], ['tools', 3], ['nextCursor'], ['tools']]),
    [['tools', 0, 'description'], ['tools', 1], ['nextCursor'], ['tools']]);
  assert.equal(filterToolList({ tools: [{ name: 'a' }] }, ['a']).redactions([['tools', 0, 'title']]), [['tools', 0, 'title']]);
});

test('a result without a tools array passes unchanged', () => {
  const odd = { tools: 'none' };
  assert.is(filterToolList(odd, []).result, odd);
});

test.run();
