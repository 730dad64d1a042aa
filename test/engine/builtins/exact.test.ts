import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactInteger, exactNumber, parseExactJson, rawJson, writtenInteger } from '../../../engine/builtins/exact.js';
import { RegoDecimal } from '../../../engine/builtins/wire.js';

test('safe integers stay numbers; larger ones become bigints', () => {
  assert.is(exactInteger(42n), 42);
  assert.is(exactInteger(-9007199254740991n), -9007199254740991);
  assert.is(exactInteger(9223372036854775807n), 9223372036854775807n);
});

test('exactNumber: a number when a double holds the text, else an exact value', () => {
  assert.is(exactNumber('1.5'), 1.5);
  assert.is(exactNumber('-12'), -12);
  assert.is(exactNumber('12345678901234567890'), 12345678901234567890n);
  assert.equal(exactNumber('0.12345678901234567890'), new RegoDecimal('0.12345678901234567890'));
});

test('rawJson is a standalone ArrayBuffer of UTF-8 JSON', () => {
  const b = rawJson('"é"');
  assert.ok(b instanceof ArrayBuffer);
  assert.is(b.byteLength, 4);
});

test('parseExactJson keeps the digits JSON.parse would round, and only those', () => {
  assert.equal(parseExactJson('{"t": 1693566990121469600, "s": "x 12345678901234567890", "a": [-5, 1e500, 0.5]}'), {
    t: 1693566990121469600n, s: 'x 12345678901234567890', a: [-5, new RegoDecimal('1e500'), 0.5],
  });
  assert.equal(parseExactJson('["\\"", 12345678901234567890]'), ['"', 12345678901234567890n]);
  assert.equal(parseExactJson('{"$mcp_warden_set": [1]}'), { $mcp_warden_set: [1] });
  assert.throws(() => parseExactJson('{"a": 12345678901234567890'));
});

test('writtenInteger recovers the digits as written', () => {
  assert.is(writtenInteger(1585852421593912000), 1585852421593912000n);
  assert.is(writtenInteger(-3), -3n);
  assert.is(writtenInteger(1e21), 1000000000000000000000n);
});

test.run();
