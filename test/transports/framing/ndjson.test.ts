import { test } from 'uvu';
import { messageText } from '../../../engine/protocol/message-text.js';
import { numberMarker } from '../../../engine/protocol/number-markers.js';
import * as assert from 'uvu/assert';
import type { JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { NdjsonDecoder, encodeNdjsonText } from '../../../transports/framing/ndjson.js';
import { DEFAULT_MAX_MESSAGE_BYTES, decodeMessage, type Decoded } from '../../../transports/framing/message-codec.js';
import { messageOfSize, request, TRICKY_MESSAGES } from '../sample-messages.js';

const line = (message: JsonRpcMessage): string => `${JSON.stringify(message)}\n`;
const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

function messages(results: Decoded[]): JsonRpcMessage[] {
  return results.map((result) => {
    if ('error' in result) throw result.error;
    return result.message;
  });
}

function codes(results: Decoded[]): string[] {
  return results.map((result) => ('error' in result ? result.error.code : 'message'));
}

test('one chunk may hold several lines, and every line is one message', () => {
  const decoder = new NdjsonDecoder();
  const out = decoder.push(bytes(TRICKY_MESSAGES.map(line).join('')));
  assert.equal(messages(out), TRICKY_MESSAGES);
});

test('a line split at any byte, even inside a multi-byte character, decodes the same', () => {
  const text = bytes(line(request(1, { s: 'é🙂日' })) + line(request(2)));
  for (let cut = 0; cut <= text.length; cut++) {
    const decoder = new NdjsonDecoder();
    const out = [...decoder.push(text.subarray(0, cut)), ...decoder.push(text.subarray(cut)), ...decoder.end()];
    assert.equal(messages(out), [request(1, { s: 'é🙂日' }), request(2)], `cut at ${cut}`);
  }
});

test('byte-at-a-time input decodes the same', () => {
  const text = bytes(line(request(7)));
  const decoder = new NdjsonDecoder();
  const out = [...text].flatMap((byte) => decoder.push(Uint8Array.of(byte)));
  assert.equal(messages(out), [request(7)]);
});

test('blank lines and CRLF endings are ignored', () => {
  const decoder = new NdjsonDecoder();
  const out = decoder.push(bytes(`\n\r\n \t \n${JSON.stringify(request(1))}\r\n\n`));
  assert.equal(messages(out), [request(1)]);
});

test('a line over the limit is skipped to its newline and reported there, once, with its size', () => {
  const limit = 100;
  const decoder = new NdjsonDecoder(limit);
  assert.equal(codes(decoder.push(bytes('x'.repeat(60)))), []);
  assert.equal(codes(decoder.push(bytes('x'.repeat(60)))), [], 'the id may still follow: reported at the newline');
  assert.equal(codes(decoder.push(bytes('y'.repeat(10_000)))), []);
  const after = decoder.push(bytes(`yyy\n${line(request(2))}`));
  assert.equal(codes(after), ['frame_too_large', 'message']);
  assert.is((after[0] as { error: { detail: Record<string, unknown> } }).error.detail.bytes, 10_123);
  assert.equal(messages(after.slice(1)), [request(2)]);
});

test('an oversize line reports its top-level id and whether it has a method, wherever they stand', () => {
  const decoder = new NdjsonDecoder(64);
  const big = 'z'.repeat(200);
  const lines = [
    `{"result":{"a":"${big}","id":99,"method":"no"},"jsonrpc":"2.0","id":7}`,
    `{"jsonrpc":"2.0","id":"req-\\"1\\"","method":"tools/call","params":{"s":"${big}"}}`,
    `{"jsonrpc":"2.0","method":"notifications/x","params":{"id":5,"s":"${big}"}}`,
    `{"jsonrpc":"2.0","id":{"x":1},"error":{"message":"${big}"}}`,
  ];
  const out = decoder.push(bytes(lines.map((l) => `${l}\n`).join('')));
  const details = out.map((result) => {
    const { id, has_method } = (result as { error: { detail: Record<string, unknown> } }).error.detail;
    return { id, has_method };
  });
  assert.equal(details, [
    { id: 7, has_method: false },
    { id: 'req-"1"', has_method: true },
    { id: undefined, has_method: true },
    { id: undefined, has_method: false },
  ]);
});

test('the limit counts the bytes before the newline: exactly the limit passes, one more fails', () => {
  const limit = 200;
  const decoder = new NdjsonDecoder(limit);
  const out = decoder.push(bytes(line(messageOfSize(limit, 1)) + line(messageOfSize(limit + 1, 2)) + line(request(3))));
  assert.equal(codes(out), ['message', 'frame_too_large', 'message']);
  const error = (out[1] as { error: { detail: Record<string, unknown> } }).error;
  assert.equal(error.detail, { bytes: limit + 1, limit, direction: 'incoming', has_method: true, has_id: false, is_object: true });
});

test('end() decodes an unterminated last line, and reports a truncated one', () => {
  const complete = new NdjsonDecoder();
  assert.equal(complete.push(bytes(JSON.stringify(request(1)))), []);
  assert.equal(messages(complete.end()), [request(1)]);
  const truncated = new NdjsonDecoder();
  truncated.push(bytes('{"jsonrpc":"2.0","met'));
  assert.equal(codes(truncated.end()), ['frame_parse']);
  const empty = new NdjsonDecoder();
  assert.equal(empty.end(), []);
});

test('end() in the middle of an oversize line reports it once', () => {
  const decoder = new NdjsonDecoder(10);
  assert.equal(codes(decoder.push(bytes('x'.repeat(50)))), []);
  assert.equal(codes(decoder.end()), ['frame_too_large']);
  assert.equal(decoder.end(), []);
});

test('bad frames are reported with stable codes and without their content', () => {
  const decoder = new NdjsonDecoder();
  const out = decoder.push(Buffer.concat([bytes('{secret\n[]\n'), Buffer.from([0xc3, 0x28, 0x0a]), bytes('{"jsonrpc":"2.0","id":1e300,"method":"a"}\n')]));
  assert.equal(codes(out), ['frame_parse', 'frame_invalid', 'frame_parse', 'frame_invalid']);
  for (const result of out) {
    if (!('error' in result)) continue;
    assert.is(result.error.cause, undefined, 'the parser error quotes the payload');
    assert.not.ok(`${result.error.message} ${JSON.stringify(result.error.detail)}`.includes('secret'));
  }
  assert.equal(out.map((result) => 'error' in result && result.error.detail?.reason), ['invalid JSON', 'message must be a JSON object', 'invalid UTF-8', 'a numeric id must be an integer (MCP), written in digits']);
});

test('decodeMessage accepts a leading byte order mark, ids up to 2^53 - 1 as numbers, and integer ids past it as markers of their digits', () => {
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(JSON.stringify(request(1)))]);
  assert.equal(decodeMessage(withBom), { message: request(1) });
  const edge = request(-Number.MAX_SAFE_INTEGER);
  assert.equal(decodeMessage(bytes(JSON.stringify(edge))), { message: edge });
  for (const literal of ['9007199254740992', '9007199254740993', '-123456789012345678901234567890']) {
    const decoded = decodeMessage(bytes(`{"jsonrpc":"2.0","id": ${literal} ,"method":"a"}`));
    assert.ok('message' in decoded, literal);
    assert.equal(decoded.message, { jsonrpc: '2.0', id: numberMarker(literal), method: 'a' });
    assert.is(messageText(decoded.message), `{"jsonrpc":"2.0","id":${literal},"method":"a"}`);
  }
});

test('encodeNdjsonText is JSON.stringify plus one newline, and no raw newline inside', () => {
  for (const message of TRICKY_MESSAGES) {
    const frame = bytes(encodeNdjsonText(message));
    assert.ok(frame.equals(bytes(line(message))));
    assert.is(frame.indexOf(0x0a), frame.length - 1);
  }
});

test('encodeNdjsonText refuses a message over the limit with frame_too_large; the default limit is 4 MiB', () => {
  assert.is(DEFAULT_MAX_MESSAGE_BYTES, 4 * 1024 * 1024);
  assert.is(bytes(encodeNdjsonText(messageOfSize(DEFAULT_MAX_MESSAGE_BYTES))).length, DEFAULT_MAX_MESSAGE_BYTES + 1);
  assert.throws(() => encodeNdjsonText(messageOfSize(DEFAULT_MAX_MESSAGE_BYTES + 1)), (error: { code?: string }) => error.code === 'frame_too_large');
  assert.throws(() => encodeNdjsonText(messageOfSize(101), 100), (error: { code?: string }) => error.code === 'frame_too_large');
});

test.run();
