import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';
import { seededRandom } from '../../support/seeded-random.js';

const rt = loadRuntime();
const roundTrip = (text: string): string => rt.dump(rt.json(text));

test('scalars round-trip', () => {
  for (const t of ['null', 'true', 'false', '0', '-1', '3.5', '"x"', '""']) assert.is(roundTrip(t), t);
});

test('integer text is kept exactly beyond 2^53 and 2^64', () => {
  for (const t of ['12345678901234567890', '-9223372036854775808', '9223372036854775807', '9007199254740993', '123456789012345678901234567890']) {
    assert.is(roundTrip(t), t);
  }
});

test('non-integer number text is kept verbatim', () => {
  for (const t of ['1.0', '1e2', '-0.5E-3', '1.5e+300']) assert.is(roundTrip(t), t);
});

test('whitespace around and inside', () => {
  assert.is(roundTrip(' \t\n{ "a" : [ 1 , 2 ] }\r\n'), '{"a":[1,2]}');
});

test('escapes decode and re-encode', () => {
  assert.is(roundTrip('"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t"'), '"a\\"b\\\\c/d\\b\\f\\n\\r\\t"');
  assert.is(roundTrip('"\\u0001\\u001f"'), '"\\u0001\\u001f"');
  assert.is(JSON.parse(roundTrip('"\\u00e9\\u4e2d"')), 'é中');
});

test('surrogate pairs combine; lone surrogates become U+FFFD', () => {
  assert.is(JSON.parse(roundTrip('"\\ud83d\\ude00"')), '😀');
  assert.is(JSON.parse(roundTrip('"\\ud83dx"')), '\ufffdx');
  assert.is(JSON.parse(roundTrip('"\\ude00"')), '\ufffd');
});

test('raw UTF-8 passes through', () => {
  assert.is(JSON.parse(roundTrip(JSON.stringify('héllo 😀 中文'))), 'héllo 😀 中文');
});

test('objects dump with sorted keys; duplicate keys keep the last value', () => {
  assert.is(roundTrip('{"b":1,"a":2,"c":{"z":1,"y":2}}'), '{"a":2,"b":1,"c":{"y":2,"z":1}}');
  assert.is(roundTrip('{"a":1,"a":2}'), '{"a":2}');
});

test('invalid JSON gives 0', () => {
  const bad = ['', ' ', '{', '[1,]', '{"a"}', '{1:2}', '01', '1.', '.5', '-', '1e', '"abc', '"\\x"', '"\\u12"',
    'tru', 'nul', '[1 2]', '{"a":1,}', '1 2', '"a\nb"', 'set()', '{1,2}', "'a'", 'NaN', 'Infinity', '+1'];
  for (const t of bad) assert.is(rt.json(t), 0, `should reject ${JSON.stringify(t)}`);
});

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// Strings are scanned and copied eight bytes at a time: every special byte is tried at every
// offset within a word, next to runs longer and shorter than a word.
test('strings with quotes, escapes and control bytes anywhere agree with JSON.parse', () => {
  const next = seededRandom(20261206);
  const pieces = ['"', '\\', '\\n', '\\"', '\\u00e9', '\\ud83d\\ude00', '\u0001', '\u001f', '\n', '\t', 'é', '中', '\u007f', ' '];
  for (let i = 0; i < 3000; i++) {
    let body = '';
    const parts = 1 + Math.floor(next() * 6);
    for (let j = 0; j < parts; j++) body += 'abcdefghijklmnopqrstuvwxyz0123456789'.slice(0, Math.floor(next() * 37)) + pieces[Math.floor(next() * pieces.length)];
    const text = `"${body}"`;
    let want: string | undefined;
    try {
      // A backslash piece can split an escaped surrogate pair: lone surrogates read as U+FFFD, as in Go.
      want = JSON.stringify((JSON.parse(text) as string).replace(LONE_SURROGATE, '\ufffd'));
    } catch {
      want = undefined;
    }
    const v = rt.json(text);
    if (want === undefined) assert.is(v, 0, `should reject ${JSON.stringify(text)}`);
    else assert.is(JSON.stringify(JSON.parse(rt.dump(v))), want, text);
  }
});

test('deep nesting', () => {
  const t = '['.repeat(200) + ']'.repeat(200);
  assert.is(roundTrip(t), t);
});

test('value parser accepts Rego sets and non-string keys', () => {
  assert.is(rt.dumpValue(rt.value('{3, 1, 2, 1}')), '{1,2,3}');
  assert.is(rt.dumpValue(rt.value('set()')), 'set()');
  assert.is(rt.dumpValue(rt.value('{}')), '{}');
  assert.is(rt.dumpValue(rt.value('{1: "a", "b": {2}}')), '{1:"a","b":{2}}');
  assert.is(rt.dump(rt.value('{1: "a", [1]: 2}')), '{"1":"a","[1]":2}');
  assert.is(rt.value('{1, 2: 3}'), 0);
});

test('value parser accepts trailing commas as Rego does; JSON does not (above)', () => {
  assert.is(rt.dumpValue(rt.value('{"graph": {"a": {"b"}, "b": {"c",}, }, "xs": [1, 2,]}')), '{"graph":{"a":{"b"},"b":{"c"}},"xs":[1,2]}');
  assert.is(rt.value('[1,,]'), 0);
  assert.is(rt.value('{,}'), 0);
});

test('value parser accepts plain JSON', () => {
  assert.is(rt.dump(rt.value('{"a": [1, 2.5, null, true]}')), '{"a":[1,2.5,null,true]}');
});

test.run();
