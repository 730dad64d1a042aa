/**
 * Invariant: every message that reaches the mediator ends in exactly one journaled outcome and,
 * for a request, exactly one reply. Random sequences of valid, malformed, oversize and deeply
 * nested messages from both sides, random verdicts and random faults (a failing journal append,
 * the upstream closing), on the in-memory harness; a seeded PRNG makes every failure replayable.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, tooLarge } from '../../transports/framing/message-codec.js';
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import { setup } from '../engine/mediator/harness.js';
import { prng } from './support/fuzz.js';

const deep = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

type Sent = { side: 'client' | 'upstream'; id: string | null; request: boolean };

/** Malformed frames as a transport reports them: through decodeMessage, like every framing. */
const MALFORMED = [
  (id: string) => `{"jsonrpc":"2.0","id":"${id}","method":"tools/call","params":[1]}`,
  (id: string) => `{"jsonrpc":"1.0","id":"${id}","method":"ping"}`,
  (id: string) => `{"jsonrpc":"2.0","id":"${id}","method":"ping","params":{"x":${'['.repeat(200)}${']'.repeat(200)}}}`,
];

function refusedFrame(text: string): Error {
  const decoded = decodeMessage(Buffer.from(text));
  if (!('error' in decoded)) throw new Error('malformed frame accepted');
  return decoded.error;
}

async function runSequence(seed: number): Promise<void> {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const h = setup(() => ({ allowed: random() < 0.6, redactions: random() < 0.3 ? [['a']] : [] }));
  const sent: Sent[] = [];
  const steps = 5 + Math.floor(random() * 20);
  for (let i = 0; i < steps; i++) {
    const side = pick(['client', 'upstream'] as const);
    const channel = side === 'client' ? h.client : h.upstream;
    const id = `${side[0]}${i}`;
    if (random() < 0.05) h.journal.failWith = new Error('disk full');
    const shape = random();
    if (shape < 0.35) {
      channel.deliver({ jsonrpc: '2.0', id, method: pick(['tools/call', 'ping', 'tools/list']), params: { a: 'secret', n: i } });
      sent.push({ side, id, request: true });
    } else if (shape < 0.45) {
      channel.deliver({ jsonrpc: '2.0', method: 'notifications/message', params: { a: 1 } });
      sent.push({ side, id: null, request: false });
    } else if (shape < 0.55) {
      channel.deliver({ jsonrpc: '2.0', id, method: 'tools/call', params: deep(5000) } as unknown as JsonRpcMessage);
      sent.push({ side, id, request: true });
    } else if (shape < 0.7) {
      channel.onerror?.(refusedFrame(pick(MALFORMED)(id)));
      sent.push({ side, id, request: true });
    } else if (shape < 0.8) {
      channel.onerror?.(tooLarge(9_000_000, 4_194_304, 'incoming', { id, hasId: true, hasMethod: true, isObject: true }));
      sent.push({ side, id, request: true });
    } else if (shape < 0.85) {
      channel.onerror?.(refusedFrame('[1,2]'));
      sent.push({ side, id: null, request: true });
    } else if (shape < 0.9) {
      // a client is answered -32700 with id null (JSON-RPC), a server's stray line is not
      channel.onerror?.(refusedFrame('{nope'));
      sent.push({ side, id: null, request: side === 'client' });
    } else {
      // an unknown response: journaled and dropped, never forwarded
      channel.deliver({ jsonrpc: '2.0', id: `stray-${i}`, result: {} });
      sent.push({ side, id: null, request: false });
    }
    // The upstream going away ends the session: nothing after it reaches the mediator.
    if (random() < 0.03) {
      void h.upstream.close();
      break;
    }
  }
  await h.mediator.idle();
  // Answer what was forwarded, so every allowed request gets its reply through warden.
  for (const side of ['client', 'upstream'] as const) {
    const peer = side === 'client' ? h.client : h.upstream;
    for (const message of [...peer.sent]) {
      if ('method' in message && 'id' in message) peer.deliver({ jsonrpc: '2.0', id: message.id, result: {} });
    }
  }
  await h.mediator.idle();
  await h.mediator.stop();

  const context = `seed ${seed}`;
  const failed = h.journal.failWith !== undefined;
  for (const s of sent.filter((x) => x.request && x.id !== null)) {
    const requester = s.side === 'client' ? h.client : h.upstream;
    const replies = requester.sent.filter((m) => !('method' in m) && m.id === s.id);
    // A fault ended the session and closed both channels: what was in flight ends with that close.
    const cutOff = h.upstream.closed || failed;
    assert.is(replies.length, cutOff ? replies.length : 1, `${context}: request ${s.id} got ${replies.length} replies`);
    assert.ok(replies.length <= 1, `${context}: request ${s.id} got ${replies.length} replies`);
    if (!failed) {
      const entries = h.journal.entries.filter((e) => e.request_id === s.id && e.direction === (s.side === 'client' ? 'client_to_server' : 'server_to_client'));
      assert.is(entries.length, 1, `${context}: request ${s.id} has ${entries.length} entries`);
    }
  }
  for (const s of sent.filter((x) => x.request && x.id === null)) {
    const requester = s.side === 'client' ? h.client : h.upstream;
    assert.ok(h.upstream.closed || failed || requester.sent.some((m) => !('method' in m) && m.id === null), `${context}: a batch got no answer`);
  }
  if (!failed) assert.ok(h.journal.entries.length >= sent.length, `${context}: a message left no entry`);
}

test('every message ends in one journaled outcome and every request in one reply (300 seeded sequences)', async () => {
  for (let seed = 1; seed <= 300; seed++) await runSequence(seed);
});

test('a 5,000-level message from an in-process sender is answered -32600 and journaled, with a redacting policy too', async () => {
  for (const redactions of [[], [['a', 'a']]]) {
    const h = setup(() => ({ redactions }));
    h.client.deliver({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: deep(5000) } as unknown as JsonRpcMessage);
    await h.mediator.idle();
    assert.equal(h.upstream.sent, []);
    assert.equal((h.client.sent[0] as { error: { code: number; message: string } }).error.code, -32600);
    assert.equal(h.journal.entries.map((e) => [e.request_id, e.allow, e.reasons]), [[1, false, ['malformed message: nested too deeply']]]);
  }
});

test.run();
