import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toSdkBuiltin, withExactNumbers } from '../../../engine/builtins/host.js';
import { RegoSet } from '../../../engine/builtins/wire.js';

test('a throwing builtin becomes an undefined call instead of aborting evaluation', () => {
  assert.is(toSdkBuiltin(() => { throw new Error('boom'); })(), undefined);
});

test('non-finite numbers are undefined rather than JSON null', () => {
  assert.is(toSdkBuiltin(() => Number.NaN)(), undefined);
  assert.is(toSdkBuiltin(() => Number.POSITIVE_INFINITY)(), undefined);
});

test('results and arguments pass through unchanged', () => {
  assert.equal(toSdkBuiltin((a, b) => [a, b])(1, 'x'), [1, 'x']);
  assert.is(toSdkBuiltin(() => false)(), false);
});

test('arguments are decoded from the tagged encoding and results encoded back', () => {
  const seen: unknown[] = [];
  const fn = toSdkBuiltin((a) => { seen.push(a); return a; });
  const set = { $mcp_warden_set: [1, { $mcp_warden_set: [] }] };
  assert.equal(fn(set), set);
  assert.ok(seen[0] instanceof RegoSet);
  assert.equal(fn({ $mcp_warden_object: { $mcp_warden_set: 1 } }), { $mcp_warden_object: { $mcp_warden_set: 1 } });
  assert.equal(seen[1], { $mcp_warden_set: 1 });
});

test('only builtins marked withExactNumbers see bigints', () => {
  const big = { $mcp_warden_number: '9007199254740993' };
  assert.is(toSdkBuiltin((a) => typeof a)(big), 'number');
  assert.is(toSdkBuiltin(withExactNumbers((a) => typeof a))(big), 'bigint');
  const text = (r: unknown): string => new TextDecoder().decode(r as ArrayBuffer);
  assert.is(text(toSdkBuiltin(withExactNumbers((a) => a))(big)), '9007199254740993');
  assert.is(text(toSdkBuiltin(() => 2n ** 64n)()), '18446744073709551616');
});

test('a malformed tag makes the call undefined', () => {
  assert.is(toSdkBuiltin(() => true)({ $mcp_warden_set: 'x' }), undefined);
});

test.run();
