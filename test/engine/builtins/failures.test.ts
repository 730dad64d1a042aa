import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BuiltinError, BuiltinTypeError } from '../../../engine/builtins/args.js';
import { forgetFailure, lastFailure, recordFailure, withBuiltinReason } from '../../../engine/builtins/failures.js';
import { toSdkBuiltin } from '../../../engine/builtins/host.js';

const ABORT = 'a.rego:2:6: eval_builtin_error: json.unmarshal: builtin failed';

test('a failure is recorded with OPA\'s code and the builtin\'s name before the reason', () => {
  recordFailure('json.unmarshal', new BuiltinError('invalid character'));
  assert.equal(lastFailure(), { builtin: 'json.unmarshal', code: 'eval_builtin_error', message: 'json.unmarshal: invalid character' });
  recordFailure('object.union', new BuiltinTypeError('object.union: operand 1 must be object but got array'));
  assert.equal(lastFailure(), { builtin: 'object.union', code: 'eval_type_error', message: 'object.union: operand 1 must be object but got array' });
});

test('a strict abort naming the last failed builtin gets its reason, location kept', () => {
  recordFailure('json.unmarshal', new BuiltinError('invalid character'));
  assert.is(withBuiltinReason(ABORT), 'a.rego:2:6: eval_builtin_error: json.unmarshal: invalid character');
  const asError = withBuiltinReason(new Error(ABORT));
  assert.instance(asError, Error);
  assert.is((asError as Error).message, 'a.rego:2:6: eval_builtin_error: json.unmarshal: invalid character');
});

test('an abort naming another builtin, or a failure without a reason, is left as it is', () => {
  recordFailure('regex.match', new BuiltinError('bad pattern'));
  assert.is(withBuiltinReason(ABORT), ABORT);
  recordFailure('json.unmarshal', new BuiltinError('invalid character'));
  forgetFailure();
  assert.is(withBuiltinReason(ABORT), ABORT);
  assert.is(withBuiltinReason('a.rego:1:1: object insert conflict'), 'a.rego:1:1: object insert conflict');
  const other = { code: 'x' };
  assert.is(withBuiltinReason(other), other);
});

test('host builtins record why they failed, and forget it when they yield nothing without an error', () => {
  const failing = toSdkBuiltin(() => { throw new BuiltinTypeError('expected string, got number'); }, 'upper');
  assert.is(failing(1), undefined);
  assert.equal(lastFailure(), { builtin: 'upper', code: 'eval_type_error', message: 'upper: expected string, got number' });
  assert.is(toSdkBuiltin(() => undefined, 'upper')(), undefined);
  assert.is(lastFailure(), undefined);
});

test.run();
