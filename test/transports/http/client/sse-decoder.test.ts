import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SseDecoder } from '../../../../transports/http/client/sse-decoder.js';

function decode(chunks: string[], limit = 1024): { events: { type: string; data: string }[]; ids: string[]; retries: number[] } {
  const out = { events: [] as { type: string; data: string }[], ids: [] as string[], retries: [] as number[] };
  const decoder = new SseDecoder(limit, {
    event: (event) => out.events.push({ type: event.type, data: 'bytes' in event.data ? event.data.bytes.toString('utf8') : `error:${event.data.error.code}` }),
    lastEventId: (id) => out.ids.push(id),
    retry: (ms) => out.retries.push(ms),
  });
  for (const chunk of chunks) decoder.push(Buffer.from(chunk, 'utf8'));
  return out;
}

const STREAM = ': comment\r\nretry: 25\r\nid: 7\r\nevent: message\r\ndata: {"a":\r\ndata:1}\r\n\r\ndata\n\nid: 8\ndata: x\rdata: y\r\r';

test('fields, comments, multi-line data and all three line ends', () => {
  const out = decode([STREAM]);
  assert.equal(out.events, [{ type: 'message', data: '{"a":\n1}' }, { type: 'message', data: 'x\ny' }]);
  assert.equal(out.ids, ['7', '8']);
  assert.equal(out.retries, [25]);
});

test('the same stream fed one byte at a time decodes identically (CRLF split across chunks)', () => {
  assert.equal(decode([...Buffer.from(STREAM)].map((byte) => String.fromCharCode(byte))), decode([STREAM]));
});

test('an event over the limit is an error; it does not affect the next one', () => {
  const out = decode([`data: ${'x'.repeat(600)}\n`, `data: ${'y'.repeat(600)}\n\n`, 'data: ok\n\n'], 1000);
  assert.equal(out.events, [{ type: 'message', data: 'error:frame_too_large' }, { type: 'message', data: 'ok' }]);
});

test('an event with only an id delivers nothing but moves the last event id', () => {
  const out = decode(['id: p1\ndata:\n\n']);
  assert.equal(out.events, []);
  assert.equal(out.ids, ['p1']);
});

test.run();
