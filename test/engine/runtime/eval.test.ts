import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

test('eval_begin resets the heap and parses the input with the value parser', () => {
  const rt = loadRuntime();
  const ex = rt.exports;
  const [p, n] = rt.write('{"a": {1, 2}}');
  const heap = p + n;
  const input = ex.warden_eval_begin(heap, p, n);
  assert.ok(input >= heap);
  assert.is(rt.dumpValue(input), '{"a":{1,2}}');
  assert.is(ex.warden_eval_begin(heap, 0, 0), 0);
});

test('eval_end dumps the result set as a JSON array, or in Rego syntax', () => {
  const rt = loadRuntime();
  const ex = rt.exports;
  const rs = ex.opa_set();
  ex.opa_set_add(rs, rt.json('{"result": 7}'));
  assert.is(rt.cstring(ex.warden_eval_end(rs, 0)), '[{"result":7}]');
  assert.is(rt.cstring(ex.warden_eval_end(rs, 1)), '{{"result":7}}');
  assert.is(rt.cstring(ex.warden_eval_end(0, 0)), '[]');
});

test('eval context round-trips its fields', () => {
  const rt = loadRuntime();
  const ex = rt.exports;
  const ctx = ex.opa_eval_ctx_new();
  assert.is(ex.warden_ctx_input(ctx), 0);
  ex.opa_eval_ctx_set_input(ctx, 11);
  ex.opa_eval_ctx_set_data(ctx, 22);
  ex.opa_eval_ctx_set_entrypoint(ctx, 3);
  ex.warden_ctx_set_result(ctx, 44);
  assert.equal([ex.warden_ctx_input(ctx), ex.warden_ctx_data(ctx), ex.warden_ctx_entrypoint(ctx), ex.opa_eval_ctx_get_result(ctx)], [11, 22, 3, 44]);
});

test('host calls go through opa_builtinN and opa_println', () => {
  const rt = loadRuntime();
  const ex = rt.exports;
  assert.throws(() => ex.warden_host_builtin(2, 0, 0, 0, 0, 0, 0), /host builtin called/);
  const [p] = rt.write('hello\0');
  ex.warden_println(p);
  assert.equal(rt.printed, ['hello']);
});

test.run();
