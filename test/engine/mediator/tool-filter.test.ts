import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { filterToolList } from '../../../engine/mediator/tool-filter.js';
import type { JsonObject } from '../../../engine/protocol/jsonrpc.js';

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

test('a result without a tools array passes unchanged', () => {
  const odd = { tools: 'none' };
  assert.is(filterToolList(odd, []).result, odd);
});

test.run();
