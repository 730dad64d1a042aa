/** failureLineText: OPA's --var-values block, arrows under the expression and values rightmost first. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FailureLine } from '../../../cli/policy-test/failure-lines.js';
import { failureLineText } from '../../../cli/policy-test/var-values.js';

const line = (text: string, values: FailureLine['values']): FailureLine => ({ file: 'a.rego', row: 1, col: 3, text, lines: [`  ${text}`], ...(values && { values }) });

test('values sharing a column are labelled; the others are not', () => {
  const out = failureLineText(
    line('x == y + z', [
      { title: 'x', row: 1, col: 3, value: 1, defined: true },
      { title: 'y + z', row: 1, col: 8, value: 5, defined: true },
      { title: 'y', row: 1, col: 8, value: 2, defined: true },
      { title: 'z', row: 1, col: 12, value: 3, defined: true },
    ]),
  );
  assert.equal(out, ['  a.rego:1:', '      x == y + z', '      |    |   |', '      |    |   3', '      |    y + z: 5', '      |    y: 2', '      1']);
});

test('an undefined value says so; long values are cut at 64 characters; strings are quoted', () => {
  const out = failureLineText(
    line('a == b', [
      { title: 'a', row: 1, col: 3, defined: false },
      { title: 'b', row: 1, col: 8, value: 'x'.repeat(70), defined: true },
    ]),
  );
  assert.is(out.at(-2), `      |    "${'x'.repeat(60)}...`);
  assert.is(out.at(-1), '      undefined');
});

test('without values only the expression, at its column', () => {
  assert.equal(failureLineText(line('false', undefined)), ['  a.rego:1:', '      false']);
});

test.run();
