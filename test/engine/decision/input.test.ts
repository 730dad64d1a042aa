import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildInput, toolNameOf, type AnsweredRequest, type Direction, type ToolInfo } from '../../../engine/decision/input.js';
import type { JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { loadCases } from '../policy/paths.js';
import { context, principal, session, time } from './fixtures.js';

interface Case {
  note: string;
  direction: Direction;
  message: JsonRpcMessage;
  answers?: AnsweredRequest;
  tool?: ToolInfo;
  want: Record<string, unknown>;
  absent?: string[];
}

for (const c of loadCases<Case>('test/engine/decision/input.cases.yaml')) {
  test(c.note, () => {
    const input = buildInput(c.message, context({ direction: c.direction, answers: c.answers, tool: c.tool }));
    const record = input as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(c.want)) assert.equal(record[key], value, key);
    for (const key of c.absent ?? []) assert.not.ok(key in record, `${key} should be absent`);
    assert.equal(input.session, session);
    assert.equal(input.principal, principal);
    assert.equal(input.time, time);
  });
}

test('tools/list response carries the listed tools', () => {
  const tools = { a: { name: 'a', server: 'demo', known: true, hash: 'h', first_hash: 'h', first_seen: 't', changed: false, approved: true, changed_since_approval: false, annotations: {} } };
  const input = buildInput({ jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'a' }] } },
    context({ direction: 'server_to_client', answers: { id: 1, method: 'tools/list', params: null }, tools }));
  assert.equal(input.tools, tools);
});

test('toolNameOf: from a tools/call request or the request a response answers', () => {
  assert.is(toolNameOf({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } }), 'x');
  assert.is(toolNameOf({ jsonrpc: '2.0', id: 1, method: 'tools/list' }), undefined);
  assert.is(toolNameOf({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 5 } }), undefined);
  assert.is(toolNameOf({ jsonrpc: '2.0', id: 1, result: {} }, { id: 1, method: 'tools/call', params: { name: 'y' } }), 'y');
});

test.run();
