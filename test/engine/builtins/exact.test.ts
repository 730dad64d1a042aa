import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactInteger, jsonWithBigInts, rawJson, writtenInteger } from '../../../engine/builtins/exact.js';

const text = (b: ArrayBuffer | number) => (b instanceof ArrayBuffer ? new TextDecoder().decode(b) : String(b));

test('safe integers stay numbers; larger ones become exact JSON text', () => {
  assert.is(exactInteger(42n), 42);
  assert.is(text(exactInteger(9223372036854775807n)), '9223372036854775807');
});

test('rawJson is a standalone ArrayBuffer of UTF-8 JSON', () => {
  const b = rawJson('"é"');
  assert.ok(b instanceof ArrayBuffer);
  assert.is(b.byteLength, 4);
});

test('jsonWithBigInts writes bigint members as bare integers, strings untouched', () => {
  assert.is(text(jsonWithBigInts({ t: 1693566990121469600n, s: 'x', a: [-5n] })), '{"t":1693566990121469600,"s":"x","a":[-5]}');
});

test('writtenInteger recovers the digits as written', () => {
  assert.is(writtenInteger(1585852421593912000), 1585852421593912000n);
  assert.is(writtenInteger(-3), -3n);
  assert.is(writtenInteger(1e21), 1000000000000000000000n);
});

test.run();
