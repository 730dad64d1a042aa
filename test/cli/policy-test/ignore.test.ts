/** ignoredNames: `--ignore` patterns in Go's filepath.Match syntax, matched against names. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ignoredNames } from '../../../cli/policy-test/ignore.js';
import { UsageError } from '../../../cli/usage.js';

const MATCHES: Array<[pattern: string, name: string, matches: boolean]> = [
  ['vendor', 'vendor', true], ['vendor', 'vendors', false],
  ['*.rego', 'a.rego', true], ['*.rego', 'a.rego.bak', false], ['*_test.rego', 'authz_test.rego', true],
  ['.*', '.git', true], ['.*', 'git', false],
  ['?.json', 'a.json', true], ['?.json', 'ab.json', false], ['?.json', 'é.json', true],
  ['[a-c]*', 'b_test.rego', true], ['[a-c]*', 'd.rego', false],
  ['[^a]*', 'b', true], ['[^a]*', 'a', false],
  ['[]a]', ']', true], ['[]a]', 'a', true], ['[]a]', 'b', false],
  ['\\*', '*', true], ['\\*', 'x', false],
  ['a+b(c)', 'a+b(c)', true], ['a.b', 'axb', false],
];

test('names match as Go filepath.Match matches them', () => {
  for (const [pattern, name, matches] of MATCHES) assert.is(ignoredNames([pattern])(name), matches, `${pattern} ~ ${name}`);
});

test('a name is ignored when any pattern matches; none ignores nothing', () => {
  const ignored = ignoredNames(['vendor', '*.bak']);
  assert.equal(['vendor', 'x.bak', 'policy.rego'].map(ignored), [true, true, false]);
  assert.is(ignoredNames([])('anything'), false);
});

test('a malformed pattern is a usage error', () => {
  for (const pattern of ['[a', '[]', 'x\\', '[z-a]', '[a-\\']) {
    assert.throws(() => ignoredNames([pattern]), (error: unknown) => error instanceof UsageError && error.message === `--ignore: malformed pattern ${JSON.stringify(pattern)}`, pattern);
  }
});

test.run();
