import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeCursor, encodeCursor, MAX_CURSOR_CHARS } from '../../../engine/router/cursor.js';

const known = (u: string): boolean => ['a', 'b'].includes(u);

test('a cursor carries each upstream and its own cursor', () => {
  const state = { a: 'page-2', b: 'eyJ4IjoxfQ==' };
  assert.equal(decodeCursor(encodeCursor(state), known), state);
});

const refused: Array<[string, string]> = [
  ['not ours', 'abc'],
  ['not base64 JSON', 'w1.!!!'],
  ['an array', encodeCursor(['a'] as unknown as Record<string, string>)],
  ['empty', encodeCursor({})],
  ['an unknown upstream', encodeCursor({ c: 'x' })],
  ['a non-string cursor', encodeCursor({ a: 1 } as unknown as Record<string, string>)],
  ['too long', `w1.${'A'.repeat(MAX_CURSOR_CHARS)}`],
];
for (const [why, cursor] of refused) {
  test(`refused: ${why}`, () => assert.is(decodeCursor(cursor, known), undefined));
}

test.run();
