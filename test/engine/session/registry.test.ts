import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DuplicateToolError, ToolRegistry } from '../../../engine/session/registry.js';
import { toolDefinitionHash } from '../../../engine/session/tool-hash.js';
import type { JsonValue } from '../../../engine/protocol/jsonrpc.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; listings: JsonValue[][]; want: Record<string, Record<string, unknown>> }

for (const c of loadCases<Case>('test/engine/session/registry.cases.yaml')) {
  test(c.note, () => {
    const registry = new ToolRegistry();
    c.listings.forEach((tools, i) => registry.observe(tools, `t${i}`));
    for (const [name, want] of Object.entries(c.want)) {
      const info = registry.info(name, 'demo') as unknown as Record<string, unknown>;
      assert.is(info.name, name);
      assert.is(info.server, 'demo');
      for (const [key, value] of Object.entries(want)) assert.equal(info[key], value, `${name}.${key}`);
    }
  });
}

test('hashes: current and first', () => {
  const registry = new ToolRegistry();
  const v1 = { name: 'a', description: 'one' };
  const v2 = { name: 'a', description: 'two' };
  registry.observe([v1], 't0');
  const records = registry.observe([v2], 't1');
  assert.is(records.length, 1);
  const info = registry.info('a', 'demo');
  assert.is(info.hash, toolDefinitionHash(v2));
  assert.is(info.first_hash, toolDefinitionHash(v1));
  assert.is(registry.get('a')?.lastSeen, 't1');
  assert.is(registry.get('a')?.firstSeen, 't0');
});

test('a listing naming a tool twice is refused whole: nothing recorded, nothing reported changed', () => {
  let changes = 0;
  const registry = new ToolRegistry({ onChange: () => changes++ });
  const listing: JsonValue[] = [{ name: 'a', description: 'safe' }, { name: 'b' }, { name: 'a', description: 'destructive' }];
  assert.throws(() => registry.observe(listing, 't0'), (e: unknown) => e instanceof DuplicateToolError && e.toolName === 'a');
  assert.is(registry.get('a'), undefined);
  assert.is(registry.get('b'), undefined);
  assert.is(changes, 0);
});

test('seeded records keep their first hash; a listing reports a change', () => {
  const v1 = { name: 'a', description: 'one' };
  const first = new ToolRegistry();
  first.observe([v1], 't0');
  let changes = 0;
  const second = new ToolRegistry({ records: first.records(), onChange: () => changes++ });
  assert.is(second.info('a', 'demo').changed, false);
  second.observe([{ name: 'a', description: 'two' }], 't1');
  assert.is(changes, 1);
  const info = second.info('a', 'demo');
  assert.is(info.changed, true);
  assert.is(info.first_hash, toolDefinitionHash(v1));
  assert.is(info.first_seen, 't0');
});

test('approval: approved for the current hash, changed_since_approval for another, nothing for unknown tools', () => {
  const approvals = new Map<string, string>();
  const registry = new ToolRegistry({ approvals: (name) => (approvals.has(name) ? { hash: approvals.get(name)! } : undefined) });
  const v1 = { name: 'a', description: 'one', inputSchema: { type: 'object' } };
  registry.observe([v1], 't0');
  assert.equal([registry.info('a', 'demo').approved, registry.info('a', 'demo').changed_since_approval], [false, false]);
  approvals.set('a', toolDefinitionHash(v1));
  assert.equal([registry.info('a', 'demo').approved, registry.info('a', 'demo').changed_since_approval], [true, false]);
  registry.observe([{ ...v1, description: 'two' }], 't1');
  assert.equal([registry.info('a', 'demo').approved, registry.info('a', 'demo').changed_since_approval], [false, true]);
  approvals.set('x', 'h');
  assert.equal([registry.info('x', 'demo').approved, registry.info('x', 'demo').changed_since_approval], [false, false]);
});

test('one frozen description per definition, server and approval; a call gets a copy with its check', () => {
  const approvals = new Map<string, string>();
  const registry = new ToolRegistry({ approvals: (name) => (approvals.has(name) ? { hash: approvals.get(name)! } : undefined) });
  const v1 = { name: 'a', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } };
  registry.observe([v1], 't0');
  const first = registry.info('a', 'demo');
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.annotations));
  assert.is(registry.info('a', 'demo'), first, 'the same description while nothing changed');
  assert.is.not(registry.info('a', 'other'), first);
  assert.is(registry.info('a', 'other').server, 'other');
  approvals.set('a', toolDefinitionHash(v1));
  const approved = registry.info('a', 'demo');
  assert.is(approved.approved, true, 'an approval made meanwhile is seen');
  registry.observe([{ ...v1, annotations: { readOnlyHint: false } }], 't1');
  const changed = registry.info('a', 'demo');
  assert.equal([changed.changed, changed.approved, changed.changed_since_approval, changed.annotations], [true, false, true, { readOnlyHint: false }]);
  const checked = registry.info('a', 'demo', { arguments: {} });
  assert.equal({ ...checked, arguments_valid: undefined, argument_errors: undefined }, { ...changed, arguments_valid: undefined, argument_errors: undefined });
  assert.is(checked.arguments_valid, true);
  assert.not.ok('arguments_valid' in registry.info('a', 'demo'), 'the check is the call\'s, not the description\'s');
  const unknown = registry.info('zz', 'demo');
  assert.not.ok(Object.isFrozen(unknown), 'a name no listing gave is not kept');
});

test('arguments are checked only for a call, against the listed inputSchema; unknown tools fail closed', () => {
  const registry = new ToolRegistry();
  registry.observe([{ name: 'a', inputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] } }], 't0');
  const listed = registry.info('a', 'demo');
  assert.not.ok('arguments_valid' in listed, 'no check without a call');
  assert.equal([registry.info('a', 'demo', { arguments: { n: 1 } }).arguments_valid, registry.info('a', 'demo', { arguments: { n: 1 } }).argument_errors], [true, []]);
  const bad = registry.info('a', 'demo', { arguments: {} });
  assert.equal([bad.arguments_valid, bad.argument_errors?.[0]?.path], [false, '/n']);
  const unknown = registry.info('b', 'demo', { arguments: {} });
  assert.is(unknown.arguments_valid, false);
  assert.match(unknown.argument_errors?.[0]?.message ?? '', /has not listed this tool/);
  const { definition: _, ...stored } = registry.get('a')!;
  const restarted = new ToolRegistry({ records: [stored] });
  assert.match(restarted.info('a', 'demo', { arguments: { n: 1 } }).argument_errors?.[0]?.message ?? '', /not been listed since warden started/);
});

test.run();
