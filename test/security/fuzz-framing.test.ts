/**
 * Fuzz of the framing every stdio byte goes through: valid ndjson streams with random byte
 * edits, cut into random chunks. The decoder never throws, every line that is not blank ends
 * in exactly one result (a message or a refusal), chunking never changes the results, and no
 * refusal's message quotes the frame. Seeded: a failure names its seed and replays.
 */
import { isNumberMarker, markedLiteral } from '../../engine/protocol/number-markers.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NdjsonDecoder } from '../../transports/framing/ndjson.js';
import { decodeMessage, type Decoded } from '../../transports/framing/message-codec.js';
import { TransportError } from '../../transports/errors.js';
import { baseSeed, chunk, int, iterations, mutateBytes, pick, prng, type Random } from './support/fuzz.js';

/** In every valid message, so a refusal quoting its frame is caught. */
const SECRET = 'Zq9SECRETtoken7X';

const VALID: unknown[] = [
  { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'read_file', arguments: { path: SECRET } } },
  { jsonrpc: '2.0', id: 'a-\u00e9\u{1f600}', method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: SECRET, version: '1' } } },
  { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 7, progress: 0.5, message: `${SECRET}\n\t"\\` } },
  { jsonrpc: '2.0', id: 9007199254740991, result: { content: [{ type: 'text', text: SECRET }], isError: false } },
  { jsonrpc: '2.0', id: 'x', error: { code: -32603, message: SECRET, data: [1, null, true, { a: [[[]]] }] } },
  { jsonrpc: '2.0', id: 0, method: 'ping' },
];

const TOKENS = ['\n', '\r\n', '{', '}', '[', ']', '"', '\\u0000', '\\ud800', '"id":', '"method":', '"jsonrpc":"1.0"', '1e999', '-0', '0.5', 'null', '\u{10ffff}', '\xff\xfe', '['.repeat(140)]
  .map((token) => Buffer.from(token, 'latin1'));

const TEMPLATES = [
  /^frame is not valid UTF-8$/,
  /^frame is not valid JSON$/,
  /^frame is not a JSON-RPC message: [a-zA-Z0-9 "().,+^=-]+$/,
  /^incoming frame of at least \d+ bytes exceeds the limit of \d+$/,
];

function stream(random: Random): Uint8Array {
  const lines: string[] = [];
  const count = 1 + int(random, 6);
  for (let i = 0; i < count; i++) lines.push(JSON.stringify(pick(random, VALID)) + (random() < 0.2 ? '\r\n' : '\n'));
  if (random() < 0.3) lines.push('   \n');
  return Buffer.from(lines.join(''), 'utf8');
}

/** What the decoder must produce: one result per line that is not blank, or is oversize. */
function expectedResults(bytes: Uint8Array, limit: number): number {
  let count = 0;
  let start = 0;
  for (;;) {
    const newline = bytes.indexOf(0x0a, start);
    const line = bytes.subarray(start, newline === -1 ? bytes.length : newline);
    if (line.length > limit || !line.every((b) => b === 0x20 || b === 0x09 || b === 0x0d)) count++;
    if (newline === -1) return count;
    start = newline + 1;
  }
}

function decodeAll(parts: readonly Uint8Array[], limit: number): Decoded[] {
  const decoder = new NdjsonDecoder(limit);
  return [...parts.flatMap((part) => decoder.push(part)), ...decoder.end()];
}

/** Comparable form of a result: the message, or the refusal's code, message and detail. */
function shape(result: Decoded): unknown {
  return 'message' in result ? { message: result.message } : { code: result.error.code, message: result.error.message, detail: result.error.detail };
}

function checkRefusal(result: Decoded, context: string): void {
  if (!('error' in result)) return;
  const { error } = result;
  assert.ok(error instanceof TransportError, `${context}: not a TransportError`);
  assert.ok(['frame_parse', 'frame_invalid', 'frame_too_large'].includes(error.code), `${context}: code ${error.code}`);
  assert.ok(TEMPLATES.some((template) => template.test(error.message)), `${context}: unexpected message ${JSON.stringify(error.message)}`);
  assert.is(error.cause, undefined, `${context}: the parser's error (which quotes the text) is kept as cause`);
  for (const [key, value] of Object.entries(error.detail ?? {})) {
    if (key !== 'id') assert.not.ok(String(value).includes(SECRET.slice(0, 8)), `${context}: detail.${key} quotes the frame`);
  }
}

test('ndjson: mutated streams in random chunks: one result per line, chunking-independent, refusals never quote the frame', () => {
  const seed = baseSeed();
  const runs = iterations(3000);
  for (let i = 0; i < runs; i++) {
    const random = prng(seed + i);
    const context = `seed ${seed + i}`;
    const bytes = random() < 0.1 ? stream(random) : mutateBytes(random, stream(random), TOKENS, 6);
    const limit = random() < 0.3 ? 16 + int(random, 256) : 4096;
    let whole: Decoded[] = [];
    let chunked: Decoded[] = [];
    try {
      whole = decodeAll([bytes], limit);
      chunked = decodeAll(chunk(random, bytes), limit);
    } catch (error) {
      assert.unreachable(`${context}: the decoder threw ${String(error)}`);
    }
    assert.is(whole.length, expectedResults(bytes, limit), `${context}: results per line`);
    assert.equal(chunked.map(shape), whole.map(shape), `${context}: chunking changed the results`);
    for (const result of whole) checkRefusal(result, context);
  }
});

test('decodeMessage: mutated payloads give a message or a refusal, and a message is exactly what the payload says', () => {
  const seed = baseSeed() + 1_000_000;
  const runs = iterations(5000);
  for (let i = 0; i < runs; i++) {
    const random = prng(seed + i);
    const context = `seed ${seed + i}`;
    const payload = mutateBytes(random, Buffer.from(JSON.stringify(pick(random, VALID))), TOKENS, 3);
    let result: Decoded | undefined;
    try {
      result = decodeMessage(payload);
    } catch (error) {
      assert.unreachable(`${context}: decodeMessage threw ${String(error)}`);
    }
    if (result && 'message' in result) {
      const parsed = JSON.parse(Buffer.from(payload).toString('utf8')) as { id?: unknown };
      assert.equal(withParsedId(result.message, parsed, context), parsed, `${context}: message differs from the payload`);
    }
    else if (result) checkRefusal(result, context);
  }
});

/**
 * `message` with its id as JSON.parse reads it: an id a double cannot hold is carried as a marker
 * of its digits, which must stand for that very number.
 */
function withParsedId(message: object, parsed: { id?: unknown }, context: string): object {
  const id = (message as { id?: unknown }).id;
  if (!isNumberMarker(id)) return message;
  const literal = markedLiteral(id);
  assert.match(literal, /^-?\d+$/, `${context}: the id is carried as ${literal}`);
  assert.is(Number(literal), parsed.id, `${context}: the id's marker stands for another number`);
  return { ...message, id: parsed.id };
}

test.run();
