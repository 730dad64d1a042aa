/**
 * engine/mediator/progress.ts: notifications/progress passes only with the token of a request in
 * flight to its sender (string or number tokens, as the request's params._meta.progressToken
 * gave them); anything else is journaled as refused and dropped, without asking the policy. With
 * several upstreams, the request must be in flight on the upstream that sends the progress.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Side } from '../../../engine/mediator/channel.js';
import { planMessage, type PlanContext } from '../../../engine/mediator/plan.js';
import { STRAY_PROGRESS } from '../../../engine/mediator/progress.js';
import type { JsonRpcMessage, JsonValue } from '../../../engine/protocol/jsonrpc.js';
import { anonymousPrincipal } from '../../../engine/session/principal.js';
import { Session, type RoutingView } from '../../../engine/session/session.js';
import { decodeMessage } from '../../../transports/framing/message-codec.js';
import { time } from '../decision/fixtures.js';
import { decider } from './harness.js';

/** A session whose upstream(s) were sent `tools/call` 1 with token 'tok' and `tools/call` 2 with token 7, and asked the client `sampling/createMessage` with token 'srv'. */
function session(routing?: RoutingView) {
  const s = new Session({ id: 's', transport: 't', upstream: routing ? '*' : 'demo', principal: anonymousPrincipal(), ...(routing ? { routing } : {}) });
  const d = decider(() => ({}));
  let n = 0;
  const ctx: PlanContext = { session: s, decider: d, journal: { commitment: () => 'c' }, now: () => time, newDecisionId: () => `d-${++n}`, wireMessages: true };
  planMessage(ctx, 'client', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'slow', _meta: { progressToken: 'tok' } } });
  planMessage(ctx, 'client', { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'slow', _meta: { progressToken: 7 } } });
  planMessage(ctx, 'upstream', { jsonrpc: '2.0', id: 'ask', method: 'sampling/createMessage', params: { messages: [], _meta: { progressToken: 'srv' } } });
  return { ctx, asked: () => d.inputs.length };
}

const progress = (token: JsonValue): JsonRpcMessage => ({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: 1 } });

const CASES: Array<{ note: string; from: Side; token: JsonValue; passes: boolean }> = [
  { note: 'from the upstream, a string token of a request in flight', from: 'upstream', token: 'tok', passes: true },
  { note: 'from the upstream, a number token of a request in flight', from: 'upstream', token: 7, passes: true },
  { note: 'from the upstream, a token no request carried', from: 'upstream', token: 'never-issued', passes: false },
  { note: 'from the upstream, a number token as a string', from: 'upstream', token: '7', passes: false },
  { note: 'from the upstream, the token of its own request to the client', from: 'upstream', token: 'srv', passes: false },
  { note: 'from the client, the token of the upstream\'s request in flight', from: 'client', token: 'srv', passes: true },
  { note: 'from the client, the token of one of its own requests', from: 'client', token: 'tok', passes: false },
  { note: 'no token at all', from: 'upstream', token: null, passes: false },
];

for (const c of CASES) {
  test(c.note, () => {
    const { ctx, asked } = session();
    const before = asked();
    const plan = planMessage(ctx, c.from, progress(c.token));
    if (c.passes) {
      assert.equal(plan.send.map((o) => o.to), [c.from === 'client' ? 'upstream' : 'client']);
      assert.is(asked(), before + 1, 'the policy decides it');
    } else {
      assert.equal(plan.send, []);
      assert.equal([plan.entry.action, plan.entry.reasons, plan.entry.policy_digest], ['drop', [STRAY_PROGRESS], null]);
      assert.is(asked(), before, 'refused without asking the policy');
    }
  });
}

test('progress on a request already answered is refused', () => {
  const { ctx } = session();
  const forwarded = planMessage(ctx, 'client', { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'slow', _meta: { progressToken: 'done' } } });
  const id = (forwarded.send[0]!.message as { id: number }).id;
  planMessage(ctx, 'upstream', { jsonrpc: '2.0', id, result: { content: [] } });
  assert.equal(planMessage(ctx, 'upstream', progress('done')).entry.reasons, [STRAY_PROGRESS]);
});

test('with several upstreams, only the upstream serving the request reports progress on it', () => {
  const origin = new Map<unknown, string>();
  const { ctx } = session({
    targetOf: (_from, message) => ({ upstream: origin.get(message) ?? '*' }),
    // Request 1 ('tok') went to b; the others to a.
    inFlightOn: (upstream, forwardedId) => upstream === (forwardedId === 1 ? 'b' : 'a'),
  });
  const from = (upstream: string, token: JsonValue): ReturnType<typeof planMessage> => {
    const message = progress(token);
    origin.set(message, upstream);
    return planMessage(ctx, 'upstream', message);
  };
  assert.is(from('b', 'tok').entry.action, 'forward');
  const spoofed = from('a', 'tok');
  assert.equal([spoofed.entry.action, spoofed.entry.reasons, spoofed.entry.upstream], ['drop', [STRAY_PROGRESS], 'a']);
  assert.is(from('a', 7).entry.action, 'forward');
  assert.is(from('b', 7).entry.action, 'drop');
});

test('a token past 2^53 passes only as written: a neighbour that rounds to the same double is refused', () => {
  const { ctx } = session();
  const wire = (text: string): JsonRpcMessage => {
    const decoded = decodeMessage(Buffer.from(text));
    if (!('message' in decoded)) throw decoded.error;
    return decoded.message;
  };
  planMessage(ctx, 'client', wire('{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"slow","_meta":{"progressToken":12345678901234567890}}}'));
  const report = (token: string): ReturnType<typeof planMessage> => planMessage(ctx, 'upstream', wire(`{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":${token},"progress":1}}`));
  assert.is(report('12345678901234567890').entry.action, 'forward');
  assert.equal(report('12345678901234567891').entry.reasons, [STRAY_PROGRESS]);
});

test.run();
