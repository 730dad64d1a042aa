/**
 * unifiedDiff: hunks with three lines of context, `-` before `+`, correct ranges, and a diff
 * that `patch`-style application turns back into the new text.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unifiedDiff } from '../../../../engine/compiler/format/unified-diff.js';

/** Applies a unified diff to `before`, checking every context and removed line on the way. */
function apply(before: string, diff: string): string {
  const old = before.split('\n').slice(0, -1);
  const out: string[] = [];
  let at = 0;
  for (const line of diff.split('\n').slice(2, -1)) {
    const hunk = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(line);
    if (hunk) {
      const start = Number(hunk[2]) === 0 ? Number(hunk[1]) : Number(hunk[1]) - 1;
      out.push(...old.slice(at, start));
      at = start;
    } else if (line.startsWith('+')) {
      out.push(line.slice(1));
    } else {
      assert.is(old[at], line.slice(1), `diff line ${JSON.stringify(line)} does not match the original`);
      if (line.startsWith(' ')) out.push(old[at]!);
      at++;
    }
  }
  return [...out, ...old.slice(at)].join('\n') + '\n';
}

const lines = (n: number, edit: (i: number) => string | undefined = () => undefined): string =>
  Array.from({ length: n }, (_, i) => edit(i) ?? `line ${i + 1}`).join('\n') + '\n';

test('equal texts give no diff', () => {
  assert.is(unifiedDiff('a', 'b', 'x\n', 'x\n'), '');
});

test('a changed line gives one hunk with three lines of context each side', () => {
  const before = lines(10);
  const after = lines(10, (i) => (i === 4 ? 'five' : undefined));
  assert.is(unifiedDiff('old', 'new', before, after), [
    '--- old', '+++ new', '@@ -2,7 +2,7 @@',
    ' line 2', ' line 3', ' line 4', '-line 5', '+five', ' line 6', ' line 7', ' line 8', '',
  ].join('\n'));
});

test('distant changes make separate hunks, and every diff applies back', () => {
  const before = lines(40);
  const after = lines(40, (i) => (i === 0 ? 'first' : i === 20 ? '' : i === 39 ? 'last' : undefined));
  const diff = unifiedDiff('old', 'new', before, after);
  assert.is(diff.split('\n').filter((l) => l.startsWith('@@')).length, 3);
  assert.is(apply(before, diff), after);
  const inserted = lines(5) + 'added\n';
  assert.is(apply(lines(5), unifiedDiff('o', 'n', lines(5), inserted)), inserted);
  assert.is(apply(lines(5), unifiedDiff('o', 'n', lines(5), 'x\n')), 'x\n');
});

test.run();
