import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeInitialize, mergeLists, namespaceResultUris } from '../../../engine/router/merge.js';
import { NameMap } from '../../../engine/router/names.js';
import { targetOf } from '../../../engine/router/target.js';

const names = new NameMap([
  { upstream: 'a', prefix: 'a', separator: '__' },
  { upstream: 'b1', prefix: 'b', separator: '__' },
  { upstream: 'b2', prefix: 'b', separator: '__' },
]);

test('every list is namespaced; replicas of a pool list an item once; cursors are kept per upstream', () => {
  const tools = mergeLists('tools/list', [
    { upstream: 'a', result: { tools: [{ name: 'x' }, { name: 'y', annotations: { readOnlyHint: true } }, { nameless: true }] } },
    { upstream: 'b1', result: { tools: [{ name: 'x' }], nextCursor: 'c1' } },
    { upstream: 'b2', result: { tools: [{ name: 'x' }, { name: 'z' }] } },
  ], names);
  assert.equal(tools.items.map((t) => t.name), ['a__x', 'a__y', 'b__x', 'b__z']);
  assert.equal(tools.listedBy.get('b__x'), ['b1', 'b2']);
  assert.equal(tools.next, { b1: 'c1' });
  const cases: Array<[Parameters<typeof mergeLists>[0], string, string, string]> = [
    ['prompts/list', 'prompts', 'name', 'a__p'],
    ['resources/list', 'resources', 'uri', 'a+file:///r'],
    ['resources/templates/list', 'resourceTemplates', 'uriTemplate', 'a+file:///{path}'],
  ];
  for (const [method, field, key, want] of cases) {
    const own = key === 'name' ? 'p' : key === 'uri' ? 'file:///r' : 'file:///{path}';
    const merged = mergeLists(method, [{ upstream: 'a', result: { [field]: [{ name: 'n', [key]: own }] } }], names);
    assert.is(merged.items[0]![key], want, method);
  }
});

test('initialize: capabilities merged (only routable ones), lists announce changes, oldest differing revision, instructions by upstream', () => {
  const merged = mergeInitialize([
    { upstream: 'a', result: { protocolVersion: '2025-06-18', capabilities: { tools: {}, tasks: { list: {} } }, instructions: 'use a' } },
    { upstream: 'b1', result: { protocolVersion: '2025-03-26', capabilities: { resources: { subscribe: true }, logging: {} } } },
  ], { name: 'mcp-warden', version: '1' });
  assert.equal(merged.capabilities, { tools: { listChanged: true }, resources: { subscribe: true, listChanged: true }, logging: {} });
  assert.is(merged.protocolVersion, '2025-03-26');
  assert.is(merged.instructions, '## a\nuse a');
});

test('an initialize an upstream missed offers every list: it may bring any of them when it comes', () => {
  const parts = [{ upstream: 'a', result: { protocolVersion: '2025-06-18', capabilities: { tools: {}, logging: {} } } }];
  assert.equal(mergeInitialize(parts, { name: 'mcp-warden' }, true).capabilities, {
    tools: { listChanged: true }, logging: {}, prompts: { listChanged: true }, resources: { listChanged: true },
  });
  assert.equal(mergeInitialize(parts, { name: 'mcp-warden' }).capabilities, { tools: { listChanged: true }, logging: {} });
});

test('URIs in routed results come back namespaced', () => {
  const read = namespaceResultUris('resources/read', { contents: [{ uri: 'file:///r', text: 't' }] }, 'a', names);
  assert.is((read.contents as Array<{ uri: string }>)[0]!.uri, 'a+file:///r');
  const call = namespaceResultUris('tools/call', { content: [{ type: 'resource_link', uri: 'x://1' }, { type: 'resource', resource: { uri: 'x://2' } }, { type: 'text', text: 'x://3' }] }, 'b1', names);
  assert.equal(call.content, [{ type: 'resource_link', uri: 'b+x://1' }, { type: 'resource', resource: { uri: 'b+x://2' } }, { type: 'text', text: 'x://3' }]);
});

test('targets: by name, URI and completion ref (rewritten to the upstream own name), fan-out, local, unknown', () => {
  const call = targetOf({ method: 'tools/call', params: { name: 'b__x', arguments: {} } }, names);
  assert.is(call.kind, 'named');
  if (call.kind === 'named') {
    assert.equal([...call.decoded.upstreams], ['b1', 'b2']);
    assert.equal(call.rewrite({ name: 'b__x', arguments: {} }), { name: 'x', arguments: {} });
  }
  const read = targetOf({ method: 'resources/read', params: { uri: 'a+file:///r' } }, names);
  assert.equal(read.kind === 'named' && read.rewrite({ uri: 'a+file:///r' }), { uri: 'file:///r' });
  const complete = targetOf({ method: 'completion/complete', params: { ref: { type: 'ref/prompt', name: 'a__p' } } }, names);
  assert.equal(complete.kind === 'named' && complete.rewrite({ ref: { type: 'ref/prompt', name: 'a__p' } }), { ref: { type: 'ref/prompt', name: 'p' } });
  assert.is(targetOf({ method: 'tools/list' }, names).kind, 'all');
  assert.is(targetOf({ method: 'initialize' }, names).kind, 'all');
  assert.is(targetOf({ method: 'ping' }, names).kind, 'local');
  assert.is(targetOf({ method: 'tools/call', params: { name: 'zz__x' } }, names).kind, 'unknown');
  assert.is(targetOf({ method: 'tasks/list' }, names).kind, 'unknown');
});

test.run();
