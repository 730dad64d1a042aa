/**
 * engine/mediator/merged-list.ts: a list merged from several upstreams is decided once per
 * upstream page, with that upstream's own names, then filtered and merged; a denied page leaves
 * its upstream out, every page denied denies the answer. One journal entry names each page's decision.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DecisionInput } from '../../../engine/decision/input.js';
import type { Verdict } from '../../../engine/decision/verdict.js';
import { planMessage, type PlanContext } from '../../../engine/mediator/plan.js';
import type { JsonObject, JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { anonymousPrincipal } from '../../../engine/session/principal.js';
import { Session, type ListParts } from '../../../engine/session/session.js';
import { time } from '../decision/fixtures.js';
import { decider } from './harness.js';

const PAGES: Record<string, JsonObject[]> = {
  gh: [{ name: 'get-env' }, { name: 'read' }],
  s1: [{ name: 'find' }],
};

function setup(rule: (input: DecisionInput) => Partial<Verdict>): { ctx: PlanContext; inputs: DecisionInput[]; merged: JsonRpcMessage } {
  const merged: JsonRpcMessage = { jsonrpc: '2.0', id: 1, result: { tools: [] } };
  const shown = (upstream: string, name: string): string => `${upstream}__${name}`;
  const parts: ListParts = {
    parts: Object.entries(PAGES).map(([upstream, tools]) => ({
      upstream, message: { jsonrpc: '2.0', id: 1, result: { tools } }, answers: { id: 1, method: 'tools/list', params: {} },
    })),
    merge: (results) => ({ tools: results.flatMap((r) => (r.result.tools as JsonObject[]).map((t) => ({ ...t, name: shown(r.upstream, String(t.name)) }))) }),
    shown,
  };
  const origin = new Map<unknown, string>(parts.parts.map((p) => [p.message, p.upstream]));
  const session = new Session({
    id: 's', transport: 't', upstream: '*', principal: anonymousPrincipal(),
    routing: {
      targetOf: (_from, message) => (message === merged ? { upstream: '*', parts } : { upstream: origin.get(message) ?? '*' }),
      inFlightOn: () => false,
    },
  });
  const d = decider(rule);
  let n = 0;
  const ctx: PlanContext = { session, decider: d, journal: { commitment: () => 'c' }, now: () => time, newDecisionId: () => `d-${++n}`, wireMessages: true };
  planMessage(ctx, 'client', { jsonrpc: '2.0', id: 'L', method: 'tools/list' });
  return { ctx, inputs: d.inputs, merged };
}

const visibleExceptGetEnv = (input: DecisionInput): Partial<Verdict> => ({
  visibleTools: ((input.result?.tools ?? []) as JsonObject[]).map((t) => String(t.name)).filter((n) => n !== 'get-env'),
});

test('each page is decided with its upstream\'s own names; what the policy keeps is merged and namespaced', () => {
  const { ctx, inputs, merged } = setup(visibleExceptGetEnv);
  const plan = planMessage(ctx, 'upstream', merged);
  const pages = inputs.filter((i) => i.kind === 'response');
  assert.equal(pages.map((i) => [i.upstream, Object.keys(i.tools ?? {})]), [['gh', ['get-env', 'read']], ['s1', ['find']]]);
  assert.equal(plan.send, [{ to: 'client', message: { jsonrpc: '2.0', id: 'L', result: { tools: [{ name: 'gh__read' }, { name: 's1__find' }] } } }]);
  assert.equal(plan.entry.hidden_tools, ['gh__get-env']);
  assert.equal((plan.entry.parts as JsonObject[]).map((p) => [p.upstream, p.allow, p.hidden_tools ?? null]), [['gh', true, ['get-env']], ['s1', true, null]]);
  assert.is(plan.entry.upstream, '*');
});

test('a denied page leaves its upstream out; every page denied denies the answer with each reason', () => {
  const some = setup((input) => (input.upstream === 's1' ? { allowed: false, reasons: ['s1 is closed'] } : visibleExceptGetEnv(input)));
  const partly = planMessage(some.ctx, 'upstream', some.merged);
  assert.equal((partly.send[0]!.message as { result: JsonObject }).result, { tools: [{ name: 'gh__read' }] });
  assert.equal((partly.entry.parts as JsonObject[]).map((p) => [p.upstream, p.allow, p.reasons]), [['gh', true, []], ['s1', false, ['s1 is closed']]]);

  const none = setup((input) => (input.kind === 'response' ? { allowed: false, reasons: ['no'] } : {}));
  const denied = planMessage(none.ctx, 'upstream', none.merged);
  assert.is(denied.entry.action, 'deny');
  assert.equal((denied.send[0]!.message as unknown as { error: { data: { reasons: string[] } } }).error.data.reasons, ['gh: no', 's1: no']);
});

test('a page\'s redactions land on its own tools when tools listed before them are hidden', () => {
  const { ctx, merged } = setup((input) => ({ ...visibleExceptGetEnv(input), redactions: input.upstream === 'gh' ? [['tools', 1, 'name']] : [] }));
  const plan = planMessage(ctx, 'upstream', merged);
  assert.equal((plan.send[0]!.message as { result: JsonObject }).result, { tools: [{ name: 'gh__[redacted by mcp-warden]' }, { name: 's1__find' }] });
});

test.run();
