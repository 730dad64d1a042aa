import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WebSocketSessionTransport } from '../../../transports/ws/socket-transport.js';
import { runTransportContract } from '../contract.suite.js';
import { delay, Recorder } from '../recorder.js';
import { messageOfSize, request } from '../sample-messages.js';
import { ALICE, startListener } from './listener-fixture.js';

runTransportContract('WebSocketSessionTransport', async ({ maxMessageBytes }) => {
  const fixture = await startListener({ maxMessageBytes });
  const peer = fixture.peer();
  const { transport } = await fixture.nextSession();
  return { transport, peer, dispose: () => fixture.listener.close() };
});

async function opened(options: { pingIntervalMs?: number; maxMessageBytes?: number } = {}) {
  const fixture = await startListener(options);
  const peer = fixture.peer();
  const session = await fixture.nextSession();
  const transport = session.transport as WebSocketSessionTransport;
  const rec = new Recorder(transport);
  return { fixture, peer, session, transport, rec };
}

test('messages sent before start are held and delivered in order after start, with the principal', async () => {
  const { fixture, peer, transport, rec } = await opened();
  const extras: unknown[] = [];
  transport.onmessage = (message, extra) => {
    rec.messages.push(message);
    extras.push(extra);
  };
  for (const id of [1, 2, 3]) await peer.writeFrame(JSON.stringify(request(id)));
  await peer.writeFrame('{bad');
  await delay(50);
  assert.equal(rec.messages, []);
  await transport.start();
  await rec.untilMessages(3);
  assert.equal(rec.messages.map((message) => ('id' in message ? message.id : null)), [1, 2, 3]);
  assert.equal(rec.errorCodes, ['frame_parse']);
  assert.equal(extras, [{ principal: ALICE }, { principal: ALICE }, { principal: ALICE }]);
  await fixture.listener.close();
});

test('a peer that hangs up before start: its messages are delivered, then onclose', async () => {
  const { fixture, peer, transport, rec } = await opened();
  await peer.writeFrame(JSON.stringify(request(1)));
  await peer.close();
  await delay(50);
  await transport.start();
  await rec.untilClosed();
  assert.equal(rec.messages, [request(1)]);
  await fixture.listener.close();
});

test('binary frames are frame_invalid and dropped, naming the id of a request so it can be answered; the connection stays open', async () => {
  const { fixture, peer, transport, rec } = await opened();
  await transport.start();
  const binary = Buffer.from(JSON.stringify(request(1)));
  await peer.writeBinary(binary);
  await peer.writeFrame(JSON.stringify(request(2)));
  await rec.untilMessages(1);
  assert.equal(rec.errorCodes, ['frame_invalid']);
  assert.equal(rec.errors[0]!.detail, { bytes: binary.length, reason: 'binary frame', has_method: true, has_id: true, is_object: true, id: 1 });
  assert.equal(rec.messages, [request(2)]);
  await fixture.listener.close();
});

test('invalid UTF-8 in a text frame is frame_parse, not a closed connection', async () => {
  const { fixture, peer, transport, rec } = await opened();
  await transport.start();
  await peer.writeFrame(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
  await peer.writeFrame(JSON.stringify(request(1)));
  await rec.untilMessages(1);
  assert.equal(rec.errorCodes, ['frame_parse']);
  assert.is(rec.closes, 0);
  await fixture.listener.close();
});

test('an oversize request reports its id and that it has a method; one over the hard cap closes the connection', async () => {
  const { fixture, peer, transport, rec } = await opened({ maxMessageBytes: 1000 });
  await transport.start();
  await peer.writeFrame(JSON.stringify({ jsonrpc: '2.0', params: { pad: 'x'.repeat(2000) }, id: 'req-7', method: 'tools/call' }));
  await rec.untilErrors(1);
  assert.equal(rec.errors[0]!.detail, { bytes: 2072, limit: 1000, direction: 'incoming', id: 'req-7', has_method: true, has_id: true, is_object: true });
  await peer.writeFrame(JSON.stringify(messageOfSize(4001)));
  await rec.untilClosed();
  assert.equal(rec.errorCodes, ['frame_too_large', 'io_error']);
  await fixture.listener.close();
});

test('keepalive: a peer that stops answering pings is cut off', async () => {
  const { fixture, peer, transport, rec } = await opened({ pingIntervalMs: 40 });
  await transport.start();
  await delay(150);
  assert.is(rec.closes, 0, 'a live peer answers pings');
  // A paused ws socket reads nothing, so it never sees the pings it should answer.
  peer.pauseReading();
  await rec.untilClosed(2000);
  assert.equal(rec.errorCodes, ['io_error']);
  assert.is(rec.errors[0]!.detail?.reason, 'keepalive timeout');
  await fixture.listener.close();
});

test('close() sends close code 1000 to the peer', async () => {
  const { fixture, peer, transport } = await opened();
  await transport.start();
  await transport.close();
  assert.equal((await peer.closed).code, 1000);
  await fixture.listener.close();
});

test('close() before start is a refusal: close code 1013, whoever closes it first', async () => {
  const { fixture, peer, transport } = await opened();
  await transport.close();
  const closed = await peer.closed;
  assert.equal([closed.code, closed.reason], [1013, 'session refused']);
  await fixture.listener.close();
});

test.run();
