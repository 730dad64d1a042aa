/** goBenchName: the names `--format gobench` gives benchmark lines, as opa test makes them. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { goBenchName } from '../../../cli/policy-test/pretty.js';

test('each part between dots and underscores is title-cased after Benchmark', () => {
  assert.equal(
    ['data.foo.bar.test_auth', 'data.authz_test.test_allow_with_data', 'data.x.test_2fa', 'data.é.test_ü'].map(goBenchName),
    ['BenchmarkDataFooBarTestAuth', 'BenchmarkDataAuthzTestTestAllowWithData', 'BenchmarkDataXTest2fa', 'BenchmarkDataÉTestÜ'],
  );
});

test.run();
