import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime } from './harness.js';

const rt = loadRuntime();
const ex = rt.exports;
// to_number parses with parseF64; equality against the f64 the host computes (both compare as
// the shortest text of their double) means the runtime parsed to the same double.
const parsesTo = (text: string, f: number): boolean => ex.opa_value_compare(ex.builtin_to_number(rt.str(text)), ex.opa_number_float(f)) === 0;

test('decimal text parses to the correctly rounded f64', () => {
  const cases = ['0.1', '1.7976931348623157e308', '5e-324', '2.2250738585072011e-308', '2.2250738585072014e-308',
    '9007199254740993.0', '1e23', '8.41e21', '123456789012345678901234567890.5', '4.9406564584124654e-324',
    '0.000000000000000000000000000000000000000001', '7.038531e-26', '1.00000000000000011102230246251565404236316680908203125'];
  for (const t of cases) assert.ok(parsesTo(t, Number(t)), t);
});

test('random doubles survive text in both directions', () => {
  const view = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < 3000; i++) {
    view.setUint32(0, Math.random() * 2 ** 32);
    view.setUint32(4, Math.random() * 2 ** 32);
    const f = view.getFloat64(0);
    if (!Number.isFinite(f)) continue;
    const heap = ex.opa_heap_ptr_get();
    // Integer text denotes an exact integer, which need not equal the double.
    if (/[.e]/.test(String(f))) assert.ok(parsesTo(String(f), f), `parse ${f}`);
    assert.is(rt.dump(ex.opa_number_float(f)), Object.is(f, -0) ? '0' : String(f));
    ex.opa_heap_ptr_set(heap);
  }
});

test.run();
