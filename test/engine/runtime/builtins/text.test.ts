/**
 * The substring search under contains, indexof, split and replace (builtins/text.ts findFrom)
 * agrees with JavaScript's on texts around its word-at-a-time skipping: needles at every offset
 * of texts of 0-40 bytes (before, across and after eight-byte words), near-misses that share the
 * first byte, repeated first bytes, multi-byte UTF-8, and long texts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from '../harness.js';

const rt = loadRuntime();
const q = (s: string): string => JSON.stringify(s);

function contains(hay: string, needle: string): boolean {
  return rt.call('builtin_contains', q(hay), q(needle)) === 'true';
}

function indexOf(hay: string, needle: string): number {
  return Number(rt.call('builtin_indexof', q(hay), q(needle)));
}

/** Code point index, as OPA's indexof counts. */
function jsIndexOf(hay: string, needle: string): number {
  const at = hay.indexOf(needle);
  return at < 0 ? -1 : [...hay.slice(0, at)].length;
}

test('a needle at every offset of texts across word boundaries', () => {
  for (let length = 0; length <= 40; length++) {
    const filler = 'abcdefghij'.repeat(5).slice(0, length).replace(/x/g, 'y');
    for (let at = 0; at <= length; at++) {
      for (const needle of ['x', 'xz', 'xzx', 'xzxzxzxzxz']) {
        const hay = filler.slice(0, at) + needle + filler.slice(at);
        assert.is(indexOf(hay, needle), jsIndexOf(hay, needle), `${q(hay)} ${q(needle)}`);
        assert.ok(contains(hay, needle));
        assert.not.ok(contains(filler, needle), `${q(filler)} ${q(needle)}`);
      }
    }
  }
});

test('near-misses sharing the first byte, and repeated first bytes', () => {
  const cases: Array<[string, string]> = [
    ['aaaaaaaaaaaaaaaab', 'aab'], ['aaaaaaaaaaaaaaaa', 'aab'], ['abababababababac', 'abac'],
    ['x'.repeat(30), 'xxxxxxxxxy'], ['xxxxxxxxxy', 'xxxxxxxxxy'], ['ab', 'abc'], ['', 'a'], ['a', ''], ['', ''],
  ];
  for (const [hay, needle] of cases) {
    assert.is(contains(hay, needle), hay.includes(needle), `${q(hay)} ${q(needle)}`);
    if (needle !== '') assert.is(indexOf(hay, needle), jsIndexOf(hay, needle), `${q(hay)} ${q(needle)}`);
  }
});

test('multi-byte UTF-8: code point indexes, and first bytes shared with other characters', () => {
  const cases: Array<[string, string]> = [
    ['héllo wörld, héllo', 'wö'], ['ééééééééééé€', '€'], ['日本語のテキストです。日本', '日本'],
    ['ab😀cd😀', 'd😀'], ['éèêëéèêëéèêë', 'ëé'], ['éèêëéèêëéèêë', 'ëà'],
  ];
  for (const [hay, needle] of cases) {
    assert.is(contains(hay, needle), hay.includes(needle), `${q(hay)} ${q(needle)}`);
    assert.is(indexOf(hay, needle), jsIndexOf(hay, needle), `${q(hay)} ${q(needle)}`);
  }
});

test('split and replace find every occurrence', () => {
  const hay = `${'one, two,three'.repeat(20)},`;
  assert.is(rt.call('builtin_split', q(hay), '","'), JSON.stringify(hay.split(',')));
  assert.is(rt.call('builtin_replace', q(hay), '"two"', '"2"'), q(hay.replaceAll('two', '2')));
});

test('a long text: the needle at its end, and absent', () => {
  const text = 'Release notes for version 4.2.0: the importer reads CSV files.\n'.repeat(400);
  assert.ok(contains(`${text}<img src=x>`, '<img'));
  assert.not.ok(contains(text, '<img'));
  assert.is(indexOf(`${text}<img`, '<img'), text.length);
});

test.run();
