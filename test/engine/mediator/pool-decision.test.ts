/**
 * engine/mediator/pool-decision.ts: a tools/call to a pool of two replicas (pub, and priv marked
 * private) is decided for each upstream it may go to, with that upstream's own definition of the
 * tool, its approval and its inputSchema. The request goes only to the upstreams whose own
 * decision allows it, so neither the policy's route nor a failover can carry it to a replica whose
 * tool is quarantined; the journal entry is the decision of the upstream it goes to first.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Candidate, DecisionInput } from '../../../engine/decision/input.js';
import type { Verdict } from '../../../engine/decision/verdict.js';
import { planMessage, type Plan, type PlanContext } from '../../../engine/mediator/plan.js';
import type { JsonObject, JsonRpcRequest } from '../../../engine/protocol/jsonrpc.js';
import { NamespacedTools } from '../../../engine/router/tool-view.js';
import { anonymousPrincipal } from '../../../engine/session/principal.js';
import { ToolRegistry } from '../../../engine/session/registry.js';
import { Session } from '../../../engine/session/session.js';
import { time } from '../decision/fixtures.js';
import { decider } from './harness.js';

const POOL = ['pub', 'priv'];
const ECHO = { name: 'echo', inputSchema: { type: 'object', properties: { message: { type: 'string' }, to: { type: 'string' } } } };
const STRICT_ECHO = { ...ECHO, inputSchema: { ...ECHO.inputSchema, required: ['to'] } };

interface Pool {
  /** Upstreams whose echo is approved. */
  approved: string[];
  /** Upstreams connected now (default: both). */
  available?: string[];
  /** priv's echo requires `to`. */
  strictPriv?: boolean;
}

/** Like the shipped policy: unapproved tools and arguments off their schema refused, sensitive requests only to private upstreams. */
function policy(input: DecisionInput): Partial<Verdict> {
  const reasons: string[] = [];
  if (input.tool && !input.tool.approved) reasons.push(`tool ${input.tool.name} is quarantined on ${input.tool.server}`);
  if (input.tool?.arguments_valid === false) reasons.push(`arguments do not match the schema of ${input.tool.server}`);
  const sensitive = JSON.stringify(input.params?.arguments ?? {}).includes('@');
  const route = sensitive ? (input.candidates ?? []).filter((c) => c.private).map((c) => c.name) : null;
  return { allowed: reasons.length === 0, reasons, route };
}

function setup(pool: Pool, rule: (input: DecisionInput) => Partial<Verdict> = policy) {
  const registries = new Map<string, ToolRegistry>();
  for (const upstream of POOL) {
    const registry: ToolRegistry = new ToolRegistry({ approvals: (tool) => (pool.approved.includes(upstream) ? { hash: registry.get(tool)!.hash } : undefined) });
    registry.observe([upstream === 'priv' && pool.strictPriv ? STRICT_ECHO : ECHO], time.rfc3339);
    registries.set(upstream, registry);
  }
  const tools = new NamespacedTools(
    (name, meant) => (name.startsWith('s__') ? { upstream: meant !== undefined && POOL.includes(meant) ? meant : 'pub', name: name.slice(3) } : undefined),
    (upstream) => registries.get(upstream)!,
  );
  const available = pool.available ?? POOL;
  const candidates: Candidate[] = POOL.map((name) => ({ name, private: name === 'priv', namespace: 's', available: available.includes(name), endpoints: 1 }));
  const session = new Session({
    id: 's', transport: 't', upstream: '*', principal: anonymousPrincipal(), tools,
    routing: {
      targetOf: (from, message) => {
        if (from !== 'client' || !('id' in message) || !('method' in message)) return { upstream: '*' };
        const view = { message: { ...message, params: { ...message.params, name: 'echo' } }, namespaced: { name: 's__echo', namespace: 's' } };
        return { upstream: candidates.find((c) => c.available)?.name ?? 'pub', candidates, view };
      },
      inFlightOn: () => false,
    },
  });
  const d = decider(rule);
  let n = 0;
  const ctx: PlanContext = { session, decider: d, journal: { commitment: () => 'c' }, now: () => time, newDecisionId: () => `d-${++n}`, wireMessages: true };
  const call = (args: JsonObject): Plan => planMessage(ctx, 'client', { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 's__echo', arguments: args } });
  return { call, inputs: d.inputs, hashOf: (upstream: string) => registries.get(upstream)!.get('echo')!.hash };
}

const PLAIN = { message: 'hello' };
const SENSITIVE = { message: 'contact bob@example.com' };

type Expected =
  | { sent: { upstream: string; route: string[] } }
  | { denied: string[]; upstream: string };

const CASES: Array<{ note: string; pool: Pool; args: JsonObject; expected: Expected; parts: Array<[string, boolean]> }> = [
  {
    note: 'approved on pub only: a plain call goes to pub, and cannot fail over to priv',
    pool: { approved: ['pub'] }, args: PLAIN, expected: { sent: { upstream: 'pub', route: ['pub'] } }, parts: [['pub', true], ['priv', false]],
  },
  {
    note: 'approved on pub only: a sensitive call routed to priv is refused with priv\'s own reason',
    pool: { approved: ['pub'] }, args: SENSITIVE, expected: { denied: ['tool echo is quarantined on priv'], upstream: 'priv' }, parts: [['pub', true], ['priv', false]],
  },
  {
    note: 'approved on both: a sensitive call goes to priv',
    pool: { approved: ['pub', 'priv'] }, args: SENSITIVE, expected: { sent: { upstream: 'priv', route: ['priv'] } }, parts: [['pub', true], ['priv', true]],
  },
  {
    note: 'approved on both: a plain call goes to pub and may fail over to priv',
    pool: { approved: ['pub', 'priv'] }, args: PLAIN, expected: { sent: { upstream: 'pub', route: ['pub', 'priv'] } }, parts: [['pub', true], ['priv', true]],
  },
  {
    note: 'approved on priv only: a plain call goes to priv, the replica whose tool is approved',
    pool: { approved: ['priv'] }, args: PLAIN, expected: { sent: { upstream: 'priv', route: ['priv'] } }, parts: [['pub', false], ['priv', true]],
  },
  {
    note: 'approved nowhere: refused as decided for the first upstream of the route',
    pool: { approved: [] }, args: PLAIN, expected: { denied: ['tool echo is quarantined on pub'], upstream: 'pub' }, parts: [['pub', false], ['priv', false]],
  },
  {
    note: 'pub down: the entry names priv, where the call goes first',
    pool: { approved: ['pub', 'priv'], available: ['priv'] }, args: PLAIN, expected: { sent: { upstream: 'priv', route: ['pub', 'priv'] } }, parts: [['pub', true], ['priv', true]],
  },
  {
    note: 'priv\'s own inputSchema decides the arguments sent to priv',
    pool: { approved: ['pub', 'priv'], strictPriv: true }, args: SENSITIVE, expected: { denied: ['arguments do not match the schema of priv'], upstream: 'priv' }, parts: [['pub', true], ['priv', false]],
  },
];

for (const c of CASES) {
  test(c.note, () => {
    const { call, inputs, hashOf } = setup(c.pool);
    const plan = call(c.args);
    const upstream = 'sent' in c.expected ? c.expected.sent.upstream : c.expected.upstream;
    assert.is(plan.entry.upstream, upstream, 'the entry names the upstream decided for');
    assert.is(plan.entry.tool_hash, hashOf(upstream), 'and the definition it was decided on');
    assert.equal((plan.entry.parts as Array<{ upstream: string; allow: boolean }>).map((p) => [p.upstream, p.allow]), c.parts);
    for (const input of inputs) assert.is(input.tool?.server, input.upstream, 'each decision sees the tool of the upstream it is made for');
    if ('sent' in c.expected) {
      assert.is(plan.entry.action, 'forward');
      assert.equal(plan.send.map((o) => [o.to, o.route]), [['upstream', c.expected.sent.route]]);
    } else {
      assert.is(plan.entry.action, 'deny');
      assert.equal(plan.entry.reasons, c.expected.denied);
      assert.equal(plan.send.map((o) => o.to), ['client'], 'nothing goes upstream');
    }
  });
}

test('the request carries every path an allowing decision redacts, and is retried only if each allows it', () => {
  const { call } = setup({ approved: ['pub', 'priv'] }, (input) => ({
    redactions: input.upstream === 'pub' ? [['arguments', 'to']] : [['arguments', 'message']],
    retry: input.upstream === 'pub',
  }));
  const plan = call({ message: 'm', to: 't', keep: 'k' });
  const sent = plan.send[0]!;
  assert.equal((sent.message as JsonRpcRequest).params?.arguments, { message: '[redacted by mcp-warden]', to: '[redacted by mcp-warden]', keep: 'k' });
  assert.equal(sent.route, ['pub', 'priv']);
  assert.is(sent.retry, undefined);
});

test('a route that names one member, the default one, is decided once as before', () => {
  const { call, inputs } = setup({ approved: ['pub'] }, () => ({ route: 'pub' }));
  const plan = call(PLAIN);
  assert.is(inputs.length, 1);
  assert.is(plan.entry.parts, undefined);
  assert.equal(plan.send[0]!.route, ['pub']);
});

test('a decision for priv that routes away from priv does not send the request there', () => {
  const { call } = setup({ approved: ['pub', 'priv'] }, (input) => ({ route: input.upstream === 'pub' ? 'priv' : 'pub' }));
  const plan = call(PLAIN);
  assert.is(plan.entry.action, 'deny');
  assert.equal(plan.entry.reasons, ['the policy, deciding for upstream priv, routed the request to pub instead']);
});

test.run();
