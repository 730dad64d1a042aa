import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeCursor, encodeCursor } from '../../../engine/router/cursor.js';

const known = (u: string): boolean => ['a', 'b'].includes(u);

test('a cursor carries each upstream and its own cursor', () => {
  const state = { a: 'page-2', b: 'eyJ4IjoxfQ==' };
  assert.equal(decodeCursor(encodeCursor(state), known), state);
});

test('a cursor warden handed out is taken back however long the upstreams\' cursors are', () => {
  const state = { a: `2.${'x'.repeat(13_000)}`, b: 'y'.repeat(40_000) };
  const cursor = encodeCursor(state);
  assert.ok(cursor.length > 60_000);
  assert.equal(decodeCursor(cursor, known), state);
});

const refused: Array<[string, string]> = [
  ['not ours', 'abc'],
  ['not base64 JSON', 'w1.!!!'],
  ['an array', encodeCursor(['a'] as unknown as Record<string, string>)],
  ['empty', encodeCursor({})],
  ['an unknown upstream', encodeCursor({ c: 'x' })],
  ['a non-string cursor', encodeCursor({ a: 1 } as unknown as Record<string, string>)],
];
for (const [why, cursor] of refused) {
  test(`refused: ${why}`, () => assert.is(decodeCursor(cursor, known), undefined));
}

test.run();
