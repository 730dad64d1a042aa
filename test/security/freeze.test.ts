/**
 * One message must not freeze the proxy. A tools/list result with 100,000 tools is decided in
 * one evaluation while a ping waits behind it; a policy that loops without end is stopped by
 * its fuel budget and denied, not left to hold the event loop; a 2 MiB message under the
 * shipped policy is not denied for the time its input takes to parse.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPolicy } from '../../engine/policy/build.js';
import { readPolicyDir } from '../../engine/policy/sources.js';
import { PolicyStore } from '../../engine/policy/store.js';
import { buildInput } from '../../engine/decision/input.js';
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import { setup } from '../engine/mediator/harness.js';
import { context } from '../engine/decision/fixtures.js';
import { fromRoot } from '../engine/policy/paths.js';

// The whole shipped directory, as `warden run --policies policies` loads it, with the tool
// quarantine off: these tests are about time, and their tools were never approved.
const shipped = await readPolicyDir(fromRoot('policies'));
(shipped.data as { config: { pinning: Record<string, unknown> } }).config.pinning.quarantine = false;

/** Resolves with the first message the channel sends that matches, or rejects after `ms`. */
function sentWhere(sent: JsonRpcMessage[], match: (m: JsonRpcMessage) => boolean, ms: number): Promise<JsonRpcMessage> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const look = (): void => {
      const found = sent.find(match);
      if (found) resolve(found);
      else if (Date.now() > deadline) reject(new Error('not sent in time'));
      else setTimeout(look, 5);
    };
    look();
  });
}

// The listing's whole synchronous path (framing copy, tool hashing, input encoding, one policy
// evaluation, filtering) measured about 1.9 s here, down from about 30 s; the policy's part is
// about 0.6 s. The bound leaves room for a loaded machine (a 2-core machine at load 11 took 7.8 s)
// while failing the old behaviour, which took about 30 s unloaded.
test('a 100,000-tool listing is filtered in bounded time and a ping behind it is not starved', async () => {
  const store = new PolicyStore(await buildPolicy(shipped));
  const h = setup(undefined, { decider: store });
  h.client.deliver({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
  await sentWhere(h.upstream.sent, (m) => 'method' in m && m.method === 'tools/list', 2000);
  const listed = h.upstream.sent.find((m) => 'method' in m && m.method === 'tools/list') as { id: number };
  // Two names the shipped policy allows, then 99,998 it hides.
  const names = ['read_file', 'list_files', ...Array.from({ length: 99_998 }, (_, i) => `tool_${i}`)];
  const tools = names.map((name) => ({ name, inputSchema: { type: 'object' } }));

  const started = performance.now();
  setTimeout(() => h.upstream.deliver({ jsonrpc: '2.0', id: listed.id, result: { tools } }), 0);
  setTimeout(() => h.client.deliver({ jsonrpc: '2.0', id: 2, method: 'ping' }), 0);
  await sentWhere(h.upstream.sent, (m) => 'method' in m && m.method === 'ping', 20_000);
  const pingMs = performance.now() - started;
  const answer = await sentWhere(h.client.sent, (m) => 'id' in m && m.id === 1, 20_000);
  const totalMs = performance.now() - started;

  assert.ok('result' in answer, JSON.stringify(answer).slice(0, 300));
  const shown = ((answer as unknown as { result: { tools: Array<{ name: string }> } }).result.tools).map((t) => t.name).sort();
  assert.equal(shown, ['list_files', 'read_file']);
  assert.ok(pingMs < 20_000, `the ping waited ${pingMs.toFixed(0)} ms (listing answered after ${totalMs.toFixed(0)} ms)`);
  await h.mediator.stop();
});

test('a runaway comprehension is denied with the budget reason instead of hanging', async () => {
  const runaway = 'package mcp\nimport rego.v1\nallow if count([x | some x in numbers.range(1, 100000); some y in numbers.range(1, 100000)]) > 0\n';
  const policy = await buildPolicy({ modules: { 'mcp.rego': runaway }, data: {} });
  const started = performance.now();
  const v = policy.evaluate(buildInput({ jsonrpc: '2.0', id: 1, method: 'ping' }, context()));
  const ms = performance.now() - started;
  assert.is(v.allowed, false);
  assert.match(v.reasons[0]!, /evaluation budget exhausted/);
  assert.ok(ms < 10_000, `took ${ms.toFixed(0)} ms`);
});

test('numbers.range(1, 1e9) is refused by its fuel before it builds anything', async () => {
  const bomb = 'package mcp\nimport rego.v1\nallow if count([x | some x in numbers.range(1, 1000000000)]) > 0\n';
  const started = performance.now();
  const policy = await buildPolicy({ modules: { 'mcp.rego': bomb }, data: {} });
  const v = policy.evaluate(buildInput({ jsonrpc: '2.0', id: 1, method: 'ping' }, context()));
  const ms = performance.now() - started;
  assert.is(v.allowed, false);
  assert.match(v.reasons[0]!, /evaluation budget exhausted/);
  assert.ok(ms < 10_000, `loading and evaluating took ${ms.toFixed(0)} ms`);
});

test('a runaway function-call blowup is denied with the budget reason', async () => {
  const blowup = [
    'package mcp', 'import rego.v1',
    // 1,000 x 1,000 x 1,000 calls, none of which allocates much: only the fuel stops it.
    'f(n) := count([1 | some i in numbers.range(1, n); g(i)])',
    'g(i) := count([1 | some j in numbers.range(1, 1000); h(j)])',
    'h(j) := count([1 | some k in numbers.range(1, 1000); k > j])',
    'allow if f(1000) > 0',
  ].join('\n');
  const policy = await buildPolicy({ modules: { 'mcp.rego': blowup }, data: {} });
  const v = policy.evaluate(buildInput({ jsonrpc: '2.0', id: 1, method: 'ping' }, context()));
  assert.is(v.allowed, false);
  assert.match(v.reasons[0]!, /evaluation budget exhausted/);
  // The policy is usable after an abort: the next evaluation starts with a full budget.
  const fine = await buildPolicy({ modules: { 'mcp.rego': 'package mcp\nallow := true\n' }, data: {} });
  assert.is(fine.evaluate(buildInput({ jsonrpc: '2.0', id: 2, method: 'ping' }, context())).allowed, true);
});

test('2 MiB messages under the shipped policy are not denied by the budget', async () => {
  const policy = await buildPolicy(shipped);
  const big = 'x'.repeat(2 * 1024 * 1024);
  // As warden sends it: the tool listed, its arguments checked against its inputSchema.
  const tool = {
    name: 'read_file', server: 'demo', known: true, hash: 'h', first_hash: 'h', first_seen: 't', changed: false,
    approved: true, changed_since_approval: false, annotations: {}, arguments_valid: true, argument_errors: [],
  };
  const call = buildInput({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'read_file', arguments: { path: big } } }, context({ tool }));
  const result = buildInput({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: big }] } }, context({
    direction: 'server_to_client', answers: { id: 1, method: 'tools/call', params: { name: 'read_file' } },
  }));
  for (let round = 0; round < 3; round++) {
    for (const input of [call, result]) {
      const v = policy.evaluate(input);
      assert.ok(v.allowed, JSON.stringify(v.reasons));
    }
  }
});

test.run();
