/**
 * The transport contract (transports/contract.ts) as tests, run against every transport.
 * A transport's test file supplies a factory that builds a connected pair: the transport
 * under test and a peer standing at the far end of the wire. The suite only speaks in frame
 * payloads, so stdio, WebSocket and HTTP transports can all be held to the same rules.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import { messageText, payloadText } from '../../engine/protocol/message-text.js';
import { numberMarker } from '../../engine/protocol/number-markers.js';
import type { Transport } from '../../transports/contract.js';
import { isTransportError, type TransportErrorCode } from '../../transports/errors.js';
import { delay, Recorder } from './recorder.js';
import { messageOfSize, request, TRICKY_MESSAGES } from './sample-messages.js';

/** The far end of the transport's wire, as the suite needs it. */
export interface TransportPeer {
  /** Sends one frame carrying exactly `payload`; the peer adds its transport's framing. */
  writeFrame(payload: string | Uint8Array): Promise<void>;
  /** The next frame payload the transport sent, without framing. Rejects after `timeoutMs`. */
  readFrame(timeoutMs?: number): Promise<Buffer>;
  /** Stops taking frames off the wire, so the transport's sends meet backpressure. */
  pauseReading(): void;
  resumeReading(): void;
  /** Hangs up, as a client quitting or a server crashing would. */
  close(): Promise<void>;
}

export interface TransportPair {
  /** Not started: the suite installs its callbacks first. */
  readonly transport: Transport;
  readonly peer: TransportPeer;
  /** Frees what the factory set up beyond the transport (servers, sockets). */
  dispose?(): Promise<void>;
}

export interface ContractOptions {
  /** The transport must be built with this message size limit. */
  readonly maxMessageBytes: number;
}

export type TransportFactory = (options: ContractOptions) => Promise<TransportPair>;

/** Small enough to keep the suite fast, large enough to span many pipe buffers. */
const LIMIT = 64 * 1024;

interface Opened extends TransportPair {
  readonly rec: Recorder;
}

export function runTransportContract(name: string, factory: TransportFactory): void {
  const test = suite(`${name}: transport contract`);
  const live: TransportPair[] = [];

  async function open({ start = true } = {}): Promise<Opened> {
    const pair = await factory({ maxMessageBytes: LIMIT });
    live.push(pair);
    const rec = new Recorder(pair.transport);
    if (start) await pair.transport.start();
    return { ...pair, rec };
  }

  test.after.each(async () => {
    for (const pair of live.splice(0)) {
      pair.peer.resumeReading();
      await pair.transport.close();
      await pair.dispose?.();
    }
  });

  test('a second start rejects with already_started', async () => {
    const { transport } = await open();
    await rejectsWith(transport.start(), 'already_started');
  });

  test('send before start rejects with not_started', async () => {
    const { transport } = await open({ start: false });
    await rejectsWith(transport.send(request(1)), 'not_started');
  });

  test('close fires onclose exactly once, however often it is called', async () => {
    const { transport, rec } = await open();
    const closes = await Promise.all([transport.close().then(() => rec.closes), transport.close()]);
    await transport.close();
    await delay(30);
    assert.is(closes[0], 1, 'close resolves after onclose has fired');
    assert.is(rec.closes, 1);
  });

  test('close before start fires onclose once; start then rejects', async () => {
    const { transport, rec } = await open({ start: false });
    await transport.close();
    assert.is(rec.closes, 1);
    await rejectsWith(transport.start(), 'closed');
  });

  test('the peer hanging up fires onclose once, after every earlier message', async () => {
    const { transport, peer, rec } = await open();
    for (const id of [1, 2, 3]) await peer.writeFrame(JSON.stringify(request(id)));
    await peer.close();
    await rec.untilClosed();
    assert.equal(rec.messages.map(idOf), [1, 2, 3]);
    await transport.close();
    await delay(30);
    assert.is(rec.closes, 1);
  });

  test('unparsable frames go to onerror as frame_parse and reading continues', async () => {
    const { peer, rec } = await open();
    const bad = ['{not json', '{"jsonrpc":"2.0","method":"a"', 'hello', '"unterminated', '{"a":1}}'];
    for (const payload of bad) await peer.writeFrame(payload);
    await peer.writeFrame(JSON.stringify(request(1)));
    await rec.untilMessages(1);
    assert.equal(rec.errorCodes, bad.map(() => 'frame_parse'));
    assert.equal(rec.messages, [request(1)]);
    assert.is(rec.closes, 0);
  });

  test('frames that are not JSON-RPC messages go to onerror as frame_invalid and reading continues', async () => {
    const { peer, rec } = await open();
    const bad = [
      '[]', '[{"jsonrpc":"2.0","method":"batch"}]', '42', 'null', '"text"',
      '{"jsonrpc":"1.0","method":"a"}', '{"method":"a"}', '{"jsonrpc":"2.0"}',
      '{"jsonrpc":"2.0","id":{},"method":"a"}', '{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}}',
      // MCP's ids are strings or integers.
      '{"jsonrpc":"2.0","id":1.5,"method":"a"}',
    ];
    for (const payload of bad) await peer.writeFrame(payload);
    await peer.writeFrame(JSON.stringify(request(2)));
    await rec.untilMessages(1);
    assert.equal(rec.errorCodes, bad.map(() => 'frame_invalid'));
    assert.equal(rec.messages, [request(2)]);
  });

  test('a frame over the limit goes to onerror as frame_too_large; one at the limit and later ones get through', async () => {
    const { peer, rec } = await open();
    await peer.writeFrame(JSON.stringify(messageOfSize(LIMIT + 1, 1)));
    await peer.writeFrame(JSON.stringify(messageOfSize(LIMIT, 2)));
    await peer.writeFrame(JSON.stringify(messageOfSize(LIMIT * 4, 3)));
    await peer.writeFrame(JSON.stringify(request(4)));
    await rec.untilMessages(2);
    assert.equal(rec.errorCodes, ['frame_too_large', 'frame_too_large']);
    assert.equal(rec.messages, [messageOfSize(LIMIT, 2), request(4)]);
    assert.is(rec.closes, 0);
  });

  test('an integer id past 2^53 arrives as a marker of its digits, and one sent as a marker carries them all', async () => {
    const { transport, peer, rec } = await open();
    await peer.writeFrame('{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"}');
    await rec.untilMessages(1);
    assert.equal(rec.messages, [{ jsonrpc: '2.0', id: numberMarker('9007199254740993'), method: 'ping' }]);
    await transport.send({ jsonrpc: '2.0', id: numberMarker('-12345678901234567890'), method: 'ping' });
    assert.is((await peer.readFrame()).toString('utf8'), '{"jsonrpc":"2.0","id":-12345678901234567890,"method":"ping"}');
  });

  test('send refuses a message over the limit with frame_too_large and stays usable', async () => {
    const { transport, peer } = await open();
    await rejectsWith(transport.send(messageOfSize(LIMIT + 1)), 'frame_too_large');
    await transport.send(messageOfSize(LIMIT, 5));
    assert.equal(JSON.parse((await peer.readFrame()).toString('utf8')), messageOfSize(LIMIT, 5));
  });

  test('messages arrive exactly as the peer wrote them (unicode, extreme ids, any key order)', async () => {
    const { peer, rec } = await open();
    for (const message of TRICKY_MESSAGES) await peer.writeFrame(Buffer.from(JSON.stringify(message), 'utf8'));
    const reordered = ' { "method" : "ping" ,\t"id" : -0.0e0 , "jsonrpc":"2.0" } ';
    await peer.writeFrame(reordered);
    await rec.untilMessages(TRICKY_MESSAGES.length + 1);
    assert.equal(rec.messages, [...TRICKY_MESSAGES, JSON.parse(reordered)]);
    assert.equal(rec.errors, []);
  });

  test('sent messages reach the peer as exactly JSON.stringify(message) in UTF-8', async () => {
    const { transport, peer } = await open();
    for (const message of TRICKY_MESSAGES) await transport.send(message);
    for (const message of TRICKY_MESSAGES) {
      const frame = await peer.readFrame();
      assert.ok(frame.equals(Buffer.from(JSON.stringify(message), 'utf8')), `bytes of ${JSON.stringify(message).slice(0, 60)}`);
    }
  });

  test('a message whose payload text was taken reaches the peer as messageText writes it, meaning the same', async () => {
    const { transport, peer } = await open();
    const messages = structuredClone(TRICKY_MESSAGES) as JsonRpcMessage[];
    for (const message of messages) {
      const { params, result, error } = message as { params?: object; result?: object; error?: object };
      const payload = params ?? result ?? error;
      if (payload) payloadText(payload);
      await transport.send(message);
    }
    for (const message of messages) {
      const frame = await peer.readFrame();
      assert.ok(frame.equals(Buffer.from(messageText(message), 'utf8')), `bytes of ${messageText(message).slice(0, 60)}`);
      assert.equal(JSON.parse(frame.toString('utf8')), JSON.parse(JSON.stringify(message)));
    }
  });

  test('delivery is ordered in both directions, also when sends are not awaited', async () => {
    const { transport, peer, rec } = await open();
    const count = 300;
    const sends = Array.from({ length: count }, (_, id) => transport.send(request(id)));
    for (let id = 0; id < count; id++) await peer.writeFrame(JSON.stringify(request(id)));
    const received: unknown[] = [];
    for (let id = 0; id < count; id++) received.push(JSON.parse((await peer.readFrame()).toString('utf8')).id);
    await Promise.all(sends);
    await rec.untilMessages(count);
    assert.equal(received, range(count));
    assert.equal(rec.messages.map(idOf), range(count));
  });

  test('send after close rejects with closed', async () => {
    const { transport } = await open();
    await transport.close();
    await rejectsWith(transport.send(request(1)), 'closed');
  });

  test('nothing is delivered after close()', async () => {
    const { transport, peer, rec } = await open();
    await transport.close();
    await peer.writeFrame(JSON.stringify(request(1))).catch(() => undefined);
    await peer.writeFrame('{bad').catch(() => undefined);
    await delay(50);
    assert.equal(rec.messages, []);
    assert.equal(rec.errors, []);
  });

  test('backpressure: sends to a reader that stops wait, and all arrive in order once it reads again', async () => {
    const { transport, peer } = await open();
    const count = 64;
    const size = LIMIT - 100;
    peer.pauseReading();
    let settled = 0;
    const sends = range(count).map((seq) => transport.send(messageOfSize(size, seq)).then(() => void settled++));
    await delay(150);
    assert.ok(settled < count, `sends must wait for the reader, but all ${count} resolved`);
    peer.resumeReading();
    for (const seq of range(count)) {
      const frame = await peer.readFrame();
      assert.is(frame.length, size);
      assert.is((JSON.parse(frame.toString('utf8')) as { params: { seq: number } }).params.seq, seq);
    }
    await Promise.all(sends);
    assert.is(settled, count);
  });

  test('closing while sends wait on backpressure settles every send; the ones not handed off reject with closed', async () => {
    const { transport, peer } = await open();
    peer.pauseReading();
    const sends = range(64).map((seq) => transport.send(messageOfSize(LIMIT - 100, seq)));
    await delay(50);
    void transport.close();
    const results = await Promise.allSettled(sends);
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    assert.ok(rejected.length > 0, 'some sends were still waiting');
    for (const { reason } of rejected) assert.ok(isTransportError(reason, 'closed'), `rejected with ${String(reason)}`);
  });

  test('pause (where offered): nothing the peer writes meanwhile is delivered; resume delivers all of it, in order, once', async () => {
    const { transport, peer, rec } = await open();
    if (!transport.pause || !transport.resume) return;
    // One message first: a transport with per-request streams has one open to write on.
    await peer.writeFrame(JSON.stringify(request(0)));
    await rec.untilMessages(1);
    assert.is(transport.pause(), true);
    const count = 24;
    const writes = range(count).map((seq) => peer.writeFrame(JSON.stringify(messageOfSize(LIMIT - 100, seq))));
    await delay(150);
    assert.is(rec.messages.length, 1, 'delivered while paused');
    transport.resume();
    await Promise.all(writes);
    await rec.untilMessages(count + 1);
    await delay(20);
    assert.equal(rec.messages.slice(1).map((m) => ('params' in m ? m.params : {}) as { seq: number }).map((p) => p.seq), range(count));
    assert.equal(rec.errors, []);
  });

  test.run();
}

async function rejectsWith(promise: Promise<unknown>, code: TransportErrorCode): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isTransportError(error, code), `expected TransportError ${code}, got ${String(error)}`);
    return;
  }
  assert.unreachable(`expected a rejection with ${code}`);
}

function idOf(message: JsonRpcMessage): unknown {
  return 'id' in message ? message.id : undefined;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
