/**
 * decodeMessage's refusals carry what the engine needs to answer them, and nesting is bounded
 * before parsing; a large frame's payload text is taken once, as it is decoded.
 */
import { numberMarker } from '../../../engine/protocol/number-markers.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeMessage, encodeMessage } from '../../../transports/framing/message-codec.js';
import { MAX_NESTING_DEPTH, type JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { canonicalJson } from '../../../engine/journal/canonical.js';
import { TAKE_TEXT_BYTES, takenText } from '../../../engine/protocol/message-text.js';

function refused(text: string): Record<string, unknown> {
  const decoded = decodeMessage(Buffer.from(text));
  if (!('error' in decoded)) throw new Error(`accepted: ${text}`);
  return { code: decoded.error.code, ...decoded.error.detail };
}

const nested = (levels: number, inner = '1') => '['.repeat(levels) + inner + ']'.repeat(levels);

test('malformed requests name their id and method', () => {
  assert.equal(refused('{"jsonrpc":"2.0","id":7,"method":"tools/list","params":[1]}'),
    { code: 'frame_invalid', bytes: 59, reason: 'params must be an object', has_method: true, has_id: true, batch: false, request_shaped: true, id: 7 });
  assert.equal(refused('{"jsonrpc":"1.0","id":"a","method":"ping"}').id, 'a');
});

test('a frame is request-shaped unless it is a batch or has a result or an error', () => {
  const shaped = (text: string) => refused(text).request_shaped;
  assert.equal(['{"jsonrpc":"2.0","method":1}', '1', '"x"', '{"foo":1}'].map(shaped), [true, true, true, true]);
  assert.equal(['{"jsonrpc":"2.0","error":{"code":1,"message":"m"}}', '{"result":{}}', '[1]'].map(shaped), [false, false, false]);
  assert.equal(shaped(`{"method":"m","params":{"a":${nested(5000)}}}`), true, 'a deep frame with a method, read by scan');
  assert.equal(shaped(`{"jsonrpc":"2.0","result":{"a":${nested(5000)}}}`), false, 'a deep frame without one');
});

test('a payload holding a number JSON.parse makes infinite is refused, with what answers it', () => {
  assert.equal(refused('{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"arguments":{"n":1e400}}}'), {
    code: 'frame_invalid', bytes: 81, reason: 'it holds a number too large for a double (past 1.8e308)', has_method: true, has_id: true, batch: false, request_shaped: true, id: 3,
  });
  assert.equal(refused('{"jsonrpc":"2.0","id":4,"result":{"x":[-1e999]}}').id, 4);
  assert.ok('message' in decodeMessage(Buffer.from('{"jsonrpc":"2.0","id":5,"result":{"x":1.7976931348623157e308,"y":12345678901234567890}}')), 'the largest double and a long integer are carried');
});

test('a fractional id is refused and reported as a marker of its text, an id that is no string or number is left out, a batch is marked', () => {
  const fractional = refused('{"jsonrpc":"2.0","id":1.50,"method":"ping"}');
  assert.equal([fractional.id, fractional.has_id, fractional.has_method], [numberMarker('1.50'), true, true]);
  const infinite = refused('{"jsonrpc":"2.0","id":1e400,"method":"ping"}');
  assert.equal([infinite.id, infinite.has_id], [undefined, true]);
  const batch = refused('[{"jsonrpc":"2.0","id":1,"method":"ping"}]');
  assert.equal([batch.code, batch.id, batch.batch, batch.has_method], ['frame_invalid', undefined, true, false]);
});

test(`frames nested deeper than ${MAX_NESTING_DEPTH} levels are refused before parsing, with the id read by scan`, () => {
  const deep = `{"jsonrpc":"2.0","method":"tools/call","params":{"a":${nested(5000)}},"id":"deep"}`;
  const error = refused(deep);
  assert.equal([error.code, error.reason, error.id, error.has_method], ['frame_invalid', 'nested too deeply', 'deep', true]);
  assert.equal(refused(nested(MAX_NESTING_DEPTH + 1)).batch, true);
});

test('the depth limit itself is accepted, and brackets inside strings do not count', () => {
  // the envelope and params are two levels, so the payload may nest the rest
  const atLimit = `{"jsonrpc":"2.0","id":1,"method":"m","params":{"a":${nested(MAX_NESTING_DEPTH - 2)}}}`;
  assert.ok('message' in decodeMessage(Buffer.from(atLimit)));
  const brackets = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'm', params: { s: '[{'.repeat(1000) + '\\"' } });
  assert.ok('message' in decodeMessage(Buffer.from(brackets)));
});

test(`a frame of ${TAKE_TEXT_BYTES} bytes or more has its payload's canonical text taken; a smaller one not`, () => {
  const frame = (text: string) => JSON.stringify({ jsonrpc: '2.0', id: 9, result: { content: [{ type: 'text', text }] } });
  const filler = 'x'.repeat(TAKE_TEXT_BYTES);
  const large = frame(filler.slice(0, TAKE_TEXT_BYTES - frame('').length));
  const small = frame(filler.slice(0, TAKE_TEXT_BYTES - frame('').length - 1));
  assert.is(Buffer.byteLength(large), TAKE_TEXT_BYTES);
  const decodedLarge = decodeMessage(Buffer.from(large)) as { message: JsonRpcMessage & { result: object } };
  const decodedSmall = decodeMessage(Buffer.from(small)) as { message: JsonRpcMessage & { result: object } };
  assert.is(takenText(decodedLarge.message.result), canonicalJson(decodedLarge.message.result));
  assert.ok(Object.isFrozen(decodedLarge.message.result));
  assert.is(takenText(decodedSmall.message.result), undefined);
  assert.not.ok(Object.isFrozen(decodedSmall.message.result));
  for (const { message } of [decodedLarge, decodedSmall]) {
    const forwarded = { ...message, id: 10 };
    assert.equal(JSON.parse(encodeMessage(forwarded, 1 << 20).toString('utf8')), JSON.parse(JSON.stringify(forwarded)));
  }
});

test('integers a double cannot hold cross warden as written, small frames and large, also with a new id', () => {
  for (const pad of ['', 'x'.repeat(TAKE_TEXT_BYTES)]) {
    const frame = `{"jsonrpc":"2.0","id":4,"result":{"n":12345678901234567890,"pad":"${pad}","ns":[-1733500000123456789]}}`;
    const decoded = decodeMessage(Buffer.from(frame)) as { message: JsonRpcMessage };
    const forwarded = encodeMessage({ ...decoded.message, id: 'mapped' } as JsonRpcMessage, 1 << 20).toString('utf8');
    assert.ok(forwarded.startsWith('{"jsonrpc":"2.0","id":"mapped","result":{"n":12345678901234567890,'), forwarded.slice(0, 80));
    assert.ok(forwarded.endsWith(`"ns":[-1733500000123456789],"pad":"${pad}"}}`));
  }
});

test.run();
