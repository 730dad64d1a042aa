/**
 * Tool quarantine across a pool, end to end with the shipped policy: `pub` and `priv` (private)
 * share the namespace `search`, and each keeps its own approvals. With only pub's tools approved,
 * a sensitive call (routed to priv by the routing library) is refused with priv's own reason and
 * never reaches priv, and a read-only call lost with pub's crash is not failed over to priv. Once
 * priv's tools are approved too, both go through. The journal names the upstream each call was
 * decided for, and verifies.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { untilValue } from '../support/until.js';
import { callText, denialOf, errorOf, throughWardenConfig, toolNames, type Connected } from './support/clients.js';
import { createSandbox, type Sandbox } from './support/sandbox.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'routing-server.js');
const UNAVAILABLE = -32004;
const TOOLS = ['search', 'whoami', 'flaky-read'];
const SENSITIVE = { q: 'mail', to: 'jane.doe@example.com' };

function upstream(name: string, extra: string, ...args: string[]): string {
  const command = JSON.stringify([process.execPath, FIXTURE, name, ...args]);
  return `  - { name: ${name}, namespace: search, ${extra}command: ${command}, sandbox: { mode: none } }`;
}

async function connect(box: Sandbox): Promise<Connected> {
  const config = path.join(box.dir, 'warden.yaml');
  await writeFile(config, [
    `policies: ${JSON.stringify(box.policies)}`,
    'upstreams:',
    upstream('pub', '', 'crashy'),
    upstream('priv', 'private: true, '),
    'routing: { attempt_timeout_ms: 4000, fan_out_timeout_ms: 4000, reconnect_max_ms: 500 }', '',
  ].join('\n'));
  return throughWardenConfig(box, config);
}

/** Approves `upstream`'s tools once the running warden has written what it listed. */
async function approve(box: Sandbox, upstream: string): Promise<void> {
  await untilValue(`${upstream}'s tools in the tool store`, async () => {
    const listed = box.warden(['tools', 'list', '--upstream', upstream]);
    return TOOLS.every((t) => listed.stdout.includes(t)) ? true : undefined;
  });
  const approved = box.warden(['tools', 'approve', '--upstream', upstream, ...TOOLS]);
  assert.is(approved.status, 0, approved.stdout + approved.stderr);
}

test('a call reaches only pool members whose own tool is approved: routed or failed over', async () => {
  const box = await createSandbox({ quarantine: true });
  const { client, stderr } = await connect(box);
  try {
    assert.equal(await toolNames(client), [], 'every tool is new, so hidden');
    await approve(box, 'pub');
    await untilValue('pub\'s approved tools listed', async () => ((await toolNames(client)).includes('search__search') ? true : undefined));

    assert.is(callText(await client.callTool({ name: 'search__search', arguments: { q: 'weather' } })), 'pub: weather');
    const routed = await denialOf(client, 'search__search', SENSITIVE);
    assert.match(routed.message, /tool search is quarantined: it is new and not approved yet \(review it, then run: warden tools approve --upstream priv search\)/);
    const lost = await errorOf(client.callTool({ name: 'search__flaky-read', arguments: {} }));
    assert.is(lost.code, UNAVAILABLE, 'pub crashed and priv may not take the call');

    await approve(box, 'priv');
    assert.is(callText(await client.callTool({ name: 'search__search', arguments: SENSITIVE })), `priv: ${SENSITIVE.q}`);
    await untilValue('pub back', async () => {
      const answer = await client.callTool({ name: 'search__whoami', arguments: {} }).catch(() => undefined);
      return answer && callText(answer) === 'pub: whoami' ? true : undefined;
    });
    await toolNames(client); // as a client does on list_changed: the router learns the tools' hints again
    assert.is(callText(await client.callTool({ name: 'search__flaky-read', arguments: {} })), 'priv: flaky-read', 'failed over once priv\'s tool is approved');
  } catch (error) {
    process.stderr.write(stderr.text);
    throw error;
  } finally {
    await client.close();
  }
  const entries = await readEntries(box.journal);
  const calls = entries.filter((e) => e.kind === 'decision' && e.method === 'tools/call' && e.message_kind === 'request' && e.tool !== 'whoami');
  assert.equal(calls.map((e) => [e.tool, e.upstream, e.allow]), [
    ['search', 'pub', true], ['search', 'priv', false], ['flaky-read', 'pub', true], ['search', 'priv', true], ['flaky-read', 'pub', true],
  ]);
  const parts = (e: Record<string, unknown>): unknown => (e.parts as Array<{ upstream: string; allow: boolean }>).map((p) => [p.upstream, p.allow]);
  assert.equal(parts(calls[1]!), [['pub', true], ['priv', false]], 'the sensitive call: routed by pub\'s decision, refused by priv\'s');
  assert.equal(parts(calls[2]!), [['pub', true], ['priv', false]]);
  const attempts = entries.filter((e) => e.kind === 'route-attempt' && e.method === 'tools/call' && e.decision_id !== null);
  const of = (decision: Record<string, unknown>): unknown => attempts.filter((a) => a.decision_id === decision.decision_id).map((a) => [a.upstream, a.outcome]);
  assert.equal(of(calls[2]!), [['pub', 'connection-lost']], 'no failover to priv while its tool is quarantined');
  assert.equal(of(calls[4]!), [['pub', 'connection-lost'], ['priv', 'answered']]);
  const verified = box.warden(['verify', box.journal]);
  assert.is(verified.status, 0, verified.stdout + verified.stderr);
  await box.remove();
});

test.run();
