import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PolicyLoadError, errorMessage } from '../../../engine/policy/errors.js';
import { CompileError } from '../../../engine/compiler/diagnostics.js';

test('compiler diagnostics are kept', () => {
  const d = { code: 'rego_parse_error' as const, message: 'unexpected }', location: { file: 'a.rego', row: 3, col: 7 } };
  const e = PolicyLoadError.from(new CompileError([d]), 'x');
  assert.equal(e.errors, [d]);
  assert.is(e.message, 'a.rego:3:7: rego_parse_error: unexpected }');
});

test('other failures become one diagnostic on the given file', () => {
  const e = PolicyLoadError.from('entrypoint missing', 'wrapper.rego');
  assert.equal(e.errors, [{ code: 'rego_compile_error', message: 'entrypoint missing', location: { file: 'wrapper.rego', row: 1, col: 1 } }]);
});

test('a PolicyLoadError passes through', () => {
  const e = PolicyLoadError.single('f', 'm');
  assert.is(PolicyLoadError.from(e, 'g'), e);
});

test('errorMessage handles what the SDK throws', () => {
  assert.is(errorMessage(new Error('e')), 'e');
  assert.is(errorMessage('s'), 's');
  assert.is(errorMessage({ code: 'x' }), '{"code":"x"}');
});

test.run();
