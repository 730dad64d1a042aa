import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildInput } from '../../../engine/decision/input.js';
import { encodeInput, inputBuffer } from '../../../engine/decision/encode.js';
import { context } from './fixtures.js';

const input = buildInput({ jsonrpc: '2.0', id: 1, method: 'ping' }, context());

test('nanoseconds are written as an exact integer', () => {
  const text = encodeInput(input);
  assert.ok(text.includes('"ns":1735689600000000000'), text);
  assert.ok(text.endsWith('"time":{"ns":1735689600000000000,"rfc3339":"2025-01-01T00:00:00.000Z"}}'));
});

test('everything else round-trips through JSON', () => {
  const parsed = JSON.parse(encodeInput(input)) as Record<string, unknown>;
  const { time: _time, ...rest } = input;
  for (const [key, value] of Object.entries(rest)) assert.equal(parsed[key], value, key);
});

test('precision beyond 2^53 survives', () => {
  const odd = { ...input, time: { rfc3339: 'x', ns: 1735689600123456789n } };
  assert.ok(encodeInput(odd).includes('"ns":1735689600123456789'));
});

test('buffer form is exactly the UTF-8 of the text form', () => {
  const withUnicode = buildInput({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'é✓' } }, context());
  const text = encodeInput(withUnicode);
  const buffer = inputBuffer(text);
  assert.ok(buffer instanceof ArrayBuffer);
  assert.is(new TextDecoder().decode(buffer), text);
});

test.run();
