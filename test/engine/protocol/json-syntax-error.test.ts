import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jsonSyntaxError } from '../../../engine/protocol/json-syntax-error.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; text: string; error?: { line: number; col: number; message: string } }

loadCases<Case>('test/engine/protocol/json-syntax-error.cases.yaml').forEach((c) => {
  test(c.note, () => {
    const parses = (() => {
      try {
        JSON.parse(c.text);
        return true;
      } catch {
        return false;
      }
    })();
    assert.is(parses, c.error === undefined, 'the case agrees with JSON.parse');
    assert.equal(jsonSyntaxError(c.text), c.error);
  });
});

test('nesting deeper than the call stack is scanned, not a RangeError', () => {
  const text = `${'['.repeat(200_000)}1${']'.repeat(199_999)}`;
  assert.equal(jsonSyntaxError(text), { line: 1, col: 400_001, message: "unexpected end of input, expected ',' or ']' after an array element" });
});

test.run();
