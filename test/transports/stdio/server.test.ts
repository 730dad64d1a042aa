import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isTransportError } from '../../../transports/errors.js';
import { StdioServerTransport } from '../../../transports/stdio/server.js';
import { runTransportContract } from '../contract.suite.js';
import { Recorder } from '../recorder.js';
import { request } from '../sample-messages.js';
import { StreamPeer } from './stream-peer.js';

runTransportContract('StdioServerTransport', async ({ maxMessageBytes }) => {
  const { transport, peer } = pipes(maxMessageBytes);
  return { transport, peer };
});

function pipes(maxMessageBytes?: number): { transport: StdioServerTransport; peer: StreamPeer; input: PassThrough; output: PassThrough } {
  const input = new PassThrough();
  const output = new PassThrough();
  const transport = new StdioServerTransport({ input, output, maxMessageBytes });
  return { transport, peer: new StreamPeer(input, output), input, output };
}

async function started(): Promise<ReturnType<typeof pipes> & { rec: Recorder }> {
  const opened = pipes();
  const rec = new Recorder(opened.transport);
  await opened.transport.start();
  return { ...opened, rec };
}

test('frames split across chunks and several frames in one chunk are all decoded', async () => {
  const { transport, peer, rec } = await started();
  const text = `${JSON.stringify(request(1, { s: 'é🙂' }))}\n${JSON.stringify(request(2))}\n${JSON.stringify(request(3))}\n`;
  const bytes = Buffer.from(text, 'utf8');
  // One byte at a time also splits the multi-byte characters.
  for (let at = 0; at < 80; at++) await peer.writeRaw(bytes.subarray(at, at + 1));
  await peer.writeRaw(bytes.subarray(80));
  await rec.untilMessages(3);
  assert.equal(rec.messages, [request(1, { s: 'é🙂' }), request(2), request(3)]);
  await transport.close();
});

test('CRLF line ends and blank lines are tolerated', async () => {
  const { transport, peer, rec } = await started();
  await peer.writeRaw(`\n\r\n  \n${JSON.stringify(request(1))}\r\n\n${JSON.stringify(request(2))}\n`);
  await rec.untilMessages(2);
  assert.equal(rec.errors, []);
  await transport.close();
});

test('invalid UTF-8 is a frame_parse error, not silently replaced', async () => {
  const { transport, peer, rec } = await started();
  await peer.writeFrame(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
  await peer.writeFrame(JSON.stringify(request(1)));
  await rec.untilMessages(1);
  assert.equal(rec.errorCodes, ['frame_parse']);
  await transport.close();
});

test('a last message without its newline is still delivered at end of input', async () => {
  const { peer, rec } = await started();
  await peer.writeRaw(JSON.stringify(request(9)));
  await peer.close();
  await rec.untilClosed();
  assert.equal(rec.messages, [request(9)]);
});

test('with oninputend set, the end of input is reported and the transport stays open to send the answers', async () => {
  const { transport, peer, rec, output } = await started();
  let ended = 0;
  transport.oninputend = () => { ended++; };
  await peer.writeFrame(JSON.stringify(request(1)));
  await peer.close();
  await rec.untilMessages(1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.is(ended, 1);
  assert.is(rec.closes, 0);
  const answer = new Promise<string>((resolve) => output.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8'))));
  await transport.send({ jsonrpc: '2.0', id: 1, result: {} });
  assert.is(await answer, '{"jsonrpc":"2.0","id":1,"result":{}}\n');
  await transport.close();
  await rec.untilClosed();
});

test('close() ends the output, so a client reading the pipe sees EOF', async () => {
  const { transport, output } = await started();
  const ended = new Promise<void>((resolve) => output.once('end', resolve));
  output.resume();
  await transport.close();
  await ended;
});

test('onmessage calling close() stops delivery of the rest of the chunk', async () => {
  const { transport, peer, rec } = await started();
  transport.onmessage = (message) => {
    rec.messages.push(message);
    void transport.close();
  };
  await peer.writeRaw(`${JSON.stringify(request(1))}\n${JSON.stringify(request(2))}\n{bad\n`);
  await rec.untilClosed();
  assert.equal(rec.messages, [request(1)]);
  assert.equal(rec.errors, []);
});

test('a failing input stream reports io_error, then closes', async () => {
  const { input, rec } = await started();
  input.destroy(new Error('boom'));
  await rec.untilClosed();
  assert.equal(rec.errorCodes, ['io_error']);
  assert.is(rec.closes, 1);
});

test('an output stream that closes refuses waiting sends with closed, then closes the transport', async () => {
  const { transport, peer, output, rec } = await started();
  peer.pauseReading();
  const waiting = transport.send({ jsonrpc: '2.0', method: 'big', params: { pad: 'x'.repeat(100_000) } });
  output.destroy();
  try {
    await waiting;
    assert.unreachable('the send cannot have been handed off');
  } catch (error) {
    assert.ok(isTransportError(error, 'closed'), String(error));
  }
  await rec.untilClosed();
});

test('defaults to process stdio and names itself stdio-server', () => {
  const transport = new StdioServerTransport();
  assert.is(transport.name, 'stdio-server');
});

test.run();
