/** Hidden characters in what `warden tools` prints are shown as escapes; everything else is left as it is. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { visibleEscapes } from '../../cli/visible-escapes.js';
import { SHIPPED_POLICIES } from '../e2e/support/repo.js';

const TAGS = [...'ignore'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');

const CASES: Array<[note: string, text: string, shown: string]> = [
  ['plain text', 'Read a file', 'Read a file'],
  ['instructions in tag characters', `Read a file${TAGS}`, 'Read a file\\uDB40\\uDC69\\uDB40\\uDC67\\uDB40\\uDC6E\\uDB40\\uDC6F\\uDB40\\uDC72\\uDB40\\uDC65'],
  ['zero-width space and joiner', 'read\u200b_\u200dfile', 'read\\u200B_\\u200Dfile'],
  ['a right-to-left override', 'safe\u202Eexe.txt', 'safe\\u202Eexe.txt'],
  ['a byte order mark and a soft hyphen', '\uFEFFre\u00ADad', '\\uFEFFre\\u00ADad'],
  ['an emoji presentation selector stays', 'warning \u26A0\uFE0F', 'warning \u26A0\uFE0F'],
  ['ordinary non-ASCII stays', 'café, 東京', 'café, 東京'],
];

test('hidden characters become \\u escapes; visible text is unchanged', () => {
  for (const [note, text, shown] of CASES) assert.is(visibleEscapes(text), shown, note);
});

test('in JSON text the escapes are the same strings', () => {
  const value = { tool: `x${TAGS}`, description: 'a\u200bb', keys: { [`k\u2066`]: 1 } };
  const json = visibleEscapes(JSON.stringify(value));
  assert.ok(/^[\x20-\x7e]*$/.test(json), json);
  assert.equal(JSON.parse(json), value);
});

test('the characters escaped are those the shipped hidden_text part redacts, bounds and all', () => {
  const rego = readFileSync(path.join(SHIPPED_POLICIES, 'lib/hidden_text.rego'), 'utf8');
  const set = /^invisible := `\[(.*)\]`$/m.exec(rego)?.[1];
  assert.ok(set, 'hidden_text.rego defines invisible as one character class');
  const ranges = [...set!.matchAll(/\\x\{([0-9A-F]+)\}(?:-\\x\{([0-9A-F]+)\})?/g)].map((m) => [parseInt(m[1]!, 16), parseInt(m[2] ?? m[1]!, 16)] as const);
  assert.ok(ranges.length > 5, set);
  for (const [low, high] of ranges) {
    for (const point of [low - 1, low, high, high + 1]) {
      const inside = ranges.some(([a, b]) => point >= a && point <= b);
      const c = String.fromCodePoint(point);
      assert.is(visibleEscapes(c) !== c, inside, `U+${point.toString(16).toUpperCase()}`);
    }
  }
});

test.run();
