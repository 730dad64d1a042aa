/**
 * Test discovery reads the parsed AST: names, packages, skips, parameterized depth, and the
 * renaming of same-named test rules into separate entrypoints.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverTests } from '../../../cli/policy-test/discover.js';

const source = `package a.b

# test_in_a_comment if true
helper(x) := x

test_f(x) := x

default test_x := false

test_x if true

test_x if false

todo_test_later if true

test_cases[note] if {
	some note in ["one", "two"]
	note != ""
}

not_a_test := "test_string"
`;

test('finds test_* and todo_test_* rules, not functions, defaults, comments or strings', () => {
  const { tests, errors } = discoverTests({ 'a_test.rego': source });
  assert.equal(errors, []);
  assert.equal(
    tests.map((t) => [t.package, t.name, t.entrypoint, t.location.row, t.skip, t.caseDepth]),
    [
      ['data.a.b', 'test_x', 'a/b/test_x', 10, false, 0],
      ['data.a.b', 'test_x#01', 'a/b/test_x__warden_dup_01', 12, false, 0],
      ['data.a.b', 'todo_test_later', 'a/b/todo_test_later', 14, true, 0],
      ['data.a.b', 'test_cases', 'a/b/test_cases', 16, false, 1],
    ],
  );
});

test('a duplicate is renamed in a copy of its source only', () => {
  const { modules } = discoverTests({ 'a_test.rego': source });
  assert.ok(modules['a_test.rego']!.includes('\ntest_x if true\n\ntest_x__warden_dup_01 if false\n'));
  assert.ok(!source.includes('__warden_dup'));
});

test('a parameterized test gets a companion that lists its cases', () => {
  const { tests, caseModules } = discoverTests({ 'a_test.rego': source });
  const cases = tests.find((t) => t.name === 'test_cases')!;
  assert.is(cases.casesEntrypoint, 'a/b/__warden_cases_test_cases_00');
  const [companion] = Object.values(caseModules);
  assert.ok(companion!.startsWith('package a.b\n'), companion);
  assert.ok(companion!.includes('__warden_cases_test_cases_00[note] if {\n\tsome note in ["one", "two"]\n'), companion);
  assert.ok(!companion!.includes('note != ""'), companion);
});

test('parse errors come back as diagnostics', () => {
  const { errors } = discoverTests({ 'bad.rego': 'package p\n\ntest_x if {' });
  assert.is(errors[0]?.code, 'rego_parse_error');
  assert.is(errors[0]?.location.file, 'bad.rego');
});

test.run();
