import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

/** print's operands, each the set of its values (Rego value text), and the lines OPA prints. */
const CASES: Array<[string, string, string[]]> = [
  ['no operands print an empty line', '[]', ['']],
  ['strings print bare', '[{"a b"}, {"c"}]', ['a b c']],
  ['every combination, in set order', '[{"v"}, {2, 1}, {"y", "x"}]', ['v 1 x', 'v 1 y', 'v 2 x', 'v 2 y']],
  ['an operand without values', '[{"n"}, set(), {1}]', ['n <undefined> 1']],
  ['other values as Rego terms', '[{{"b": "x", "a": 1}}, {[1, "two"]}, {{2, 1}}, {set()}]', ['{"a": 1, "b": "x"} [1, "two"] {1, 2} set()']],
  ['nested, with quoted strings and non-string keys', '[{{[1]: {"k": {true, null}}}}, {["q\\"uote"]}, {1.5}, {null}]', ['{[1]: {"k": {null, true}}} ["q\\"uote"] 1.5 null']],
];

for (const [note, operands, lines] of CASES) {
  test(`warden_print: ${note}`, () => {
    const rt = loadRuntime();
    rt.exports.warden_print(rt.value(operands));
    assert.equal(rt.printed, lines);
  });
}

test.run();
