/** Commitments are HMAC-SHA256 (RFC 2104) over the domain and the payload's canonical JSON, bit for bit as node:crypto computes it. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalJson } from '../../../engine/journal/canonical.js';
import { commit, commitmentKey } from '../../../engine/journal/commitment.js';

interface KeyCase { name: string; hex?: string; repeat?: string; times?: number }
const cases = JSON.parse(readFileSync(new URL('./commitment.cases.json', import.meta.url), 'utf8')) as { keys: KeyCase[]; payloads: unknown[] };

function keyBytes(k: KeyCase): Buffer {
  return Buffer.from(k.hex ?? k.repeat!.repeat(k.times!), 'hex');
}

for (const k of cases.keys) {
  test(`commit equals createHmac with a key of ${k.name}`, () => {
    const key = commitmentKey(keyBytes(k));
    for (const payload of cases.payloads) {
      const expected = createHmac('sha256', keyBytes(k)).update('mcp-warden/commitment/v1\n').update(canonicalJson(payload), 'utf8').digest('hex');
      assert.is(commit(key, payload), expected, JSON.stringify(payload));
    }
  });
}

test("commit equals createHmac for texts around the length the key's own buffer holds, in any order", () => {
  const raw = Buffer.alloc(32, 7);
  const key = commitmentKey(raw);
  // The key's buffer takes canonical texts of up to 16,384 UTF-16 units, and the quotes add two:
  // 16,382 units of text is the longest that fits. Each unit of '\u20ac' takes 3 bytes of UTF-8.
  const texts = [16_381, 16_382, 16_383, 40_000, 3].flatMap((n) => ['a'.repeat(n), '\u20ac'.repeat(n), `${'\u{1f600}'.repeat(n >> 1)}x`]);
  for (const text of [...texts, ...texts.reverse()]) {
    const expected = createHmac('sha256', raw).update('mcp-warden/commitment/v1\n').update(canonicalJson(text), 'utf8').digest('hex');
    assert.is(commit(key, text), expected, `${text.length} units of ${text.codePointAt(0)}`);
  }
});

test('a different key or payload gives a different commitment', () => {
  const a = commitmentKey(Buffer.alloc(32, 1));
  const b = commitmentKey(Buffer.alloc(32, 2));
  assert.is.not(commit(a, { x: 1 }), commit(b, { x: 1 }));
  assert.is.not(commit(a, { x: 1 }), commit(a, { x: 2 }));
});

test.run();
