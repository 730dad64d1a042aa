import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRuntime, RuntimeAbort } from './harness.js';
import { seededRandom } from '../../support/seeded-random.js';

const rt = loadRuntime();
const ex = rt.exports;
const fuel = ex['warden_fuel'] as unknown as WebAssembly.Global;

/** Members as Rego values: numbers first (by value), then strings (by bytes), as OPA orders them. */
function member(n: number): string {
  return n % 3 === 0 ? `"s${String(n).padStart(5, '0')}"` : String(n);
}

function sortedMembers(ns: Iterable<number>): string[] {
  const nums = [...new Set(ns)].filter((n) => n % 3 !== 0).sort((a, b) => a - b);
  const strs = [...new Set(ns)].filter((n) => n % 3 === 0).sort((a, b) => a - b);
  return [...nums, ...strs].map(member);
}

test('a set built in any order, with duplicates and reads between inserts, reads as sorted and unique', () => {
  for (const [seed, count] of [[1, 10], [2, 200], [3, 3000]] as const) {
    const next = seededRandom(seed);
    const set = ex.opa_set();
    const added: number[] = [];
    for (let i = 0; i < count; i++) {
      const n = Math.floor(next() * count * 0.7);
      added.push(n);
      ex.opa_set_add(set, rt.value(member(n)));
      if (next() < 0.01) assert.is(ex.opa_value_length(set), new Set(added).size, `length after ${i + 1} adds (seed ${seed})`);
    }
    assert.is(rt.dumpValue(set), `{${sortedMembers(added).join(',')}}`, `seed ${seed}`);
  }
});

test('descending inserts into a set', () => {
  const set = ex.opa_set();
  for (let n = 2000; n >= 1; n--) ex.opa_set_add(set, ex.opa_number_int(BigInt(n)));
  assert.is(ex.opa_value_length(set), 2000);
  assert.is(rt.dumpValue(ex.opa_value_iter(set, 0)), '1');
  assert.is(rt.dumpValue(ex.opa_value_get(set, ex.opa_number_int(1234n))), '1234');
});

test('an out-of-order set keeps the member added first among equal ones, as in-place inserts do', () => {
  const set = ex.opa_set();
  for (let n = 100; n >= 10; n--) ex.opa_set_add(set, ex.opa_number_int(BigInt(n)));
  ex.opa_set_add(set, rt.value('5.0'));
  ex.opa_set_add(set, rt.value('5'));
  ex.opa_set_add(set, rt.value('50.0'));
  const dumped = rt.dumpValue(set);
  assert.ok(dumped.startsWith('{5.0,10,11,'), dumped);
  assert.ok(dumped.includes(',49,50,51,'), dumped);
});

test('an out-of-order object keeps the first key and the last value of equal keys, as in-place inserts do', () => {
  const obj = ex.opa_object();
  for (let n = 100; n >= 1; n--) ex.opa_object_insert(obj, ex.opa_number_int(BigInt(n)), rt.str(`v${n}`));
  ex.opa_object_insert(obj, rt.value('50.0'), rt.str('second'));
  ex.opa_object_insert(obj, rt.value('50'), rt.str('third'));
  ex.opa_object_insert(obj, rt.value('1'), rt.str('again'));
  assert.is(ex.opa_value_length(obj), 100);
  const dumped = rt.dumpValue(obj);
  assert.ok(dumped.startsWith('{1:"again",2:"v2",'), dumped);
  assert.ok(dumped.includes(',50:"third",51:"v51",'), dumped);
  assert.is(rt.dumpValue(ex.opa_value_get(obj, ex.opa_number_int(50n))), '"third"');
});

test('insert_once on an out-of-order object sees the members appended before it', () => {
  const obj = ex.opa_object();
  for (let n = 100; n >= 1; n--) ex.opa_object_insert(obj, ex.opa_number_int(BigInt(n)), ex.opa_null());
  assert.is(ex.warden_object_insert_once(obj, ex.opa_number_int(7n), rt.str('other')), 0);
  assert.is(ex.warden_object_insert_once(obj, ex.opa_number_int(7n), ex.opa_null()), 1);
  assert.is(ex.opa_value_length(obj), 100);
});

test('sets and objects inside out-of-order collections compare by their sorted members', () => {
  const a = ex.opa_set();
  const b = ex.opa_set();
  for (let n = 60; n >= 1; n--) ex.opa_set_add(a, ex.opa_number_int(BigInt(n)));
  for (let n = 1; n <= 60; n++) ex.opa_set_add(b, ex.opa_number_int(BigInt(n)));
  const outer = ex.opa_set();
  ex.opa_set_add(outer, a);
  ex.opa_set_add(outer, b);
  assert.is(ex.opa_value_equal(a, b), 1);
  assert.is(ex.opa_value_length(outer), 1);
});

test('a parsed object with keys out of order and repeated reads as JSON does: sorted, the last value wins', () => {
  const keys = Array.from({ length: 3000 }, (_, i) => `"k${String(3000 - i).padStart(4, '0')}":${i}`);
  const v = rt.json(`{${keys.join(',')},"k2000":"last","k0001":"end"}`);
  const parsed = JSON.parse(rt.dump(v)) as Record<string, unknown>;
  const names = Object.keys(parsed);
  assert.is(names.length, 3000);
  assert.equal(names, [...names].sort());
  assert.is(parsed['k2000'], 'last');
  assert.is(parsed['k0001'], 'end');
  assert.is(parsed['k3000'], 0);
});

/** Runs `work` as an evaluation charged to a budget of `units` (the heap reset after it ends charging). */
function withinBudget(units: number, work: () => void): void {
  ex.opa_heap_ptr_set(ex.opa_heap_ptr_get());
  fuel.value = units;
  ex.warden_fuel_start();
  try {
    work();
  } catch (error) {
    if (error instanceof RuntimeAbort) assert.unreachable(`budget exhausted: ${error.message}`);
    throw error;
  } finally {
    ex.opa_heap_ptr_set(ex.opa_heap_ptr_get());
  }
}

test('building a collection of 20,000 members in descending order is n log n work, within a small budget', () => {
  withinBudget(200_000, () => {
    const set = ex.opa_set();
    const obj = ex.opa_object();
    for (let n = 20_000; n >= 1; n--) {
      ex.opa_set_add(set, ex.opa_number_int(BigInt(n)));
      ex.opa_object_insert(obj, ex.opa_number_int(BigInt(n)), ex.opa_null());
    }
    assert.is(ex.opa_value_length(set), 20_000);
    assert.is(ex.opa_value_length(obj), 20_000);
  });
});

test('a set read between out-of-order inserts is sorted once, not at every read', () => {
  // Moving the tail on every insert costs about 400,000 units here; a sort at every read, 350 million.
  withinBudget(1_000_000, () => {
    const set = ex.opa_set();
    for (let n = 10_000; n >= 1; n--) {
      const member = ex.opa_number_int(BigInt(n));
      ex.opa_set_add(set, member);
      assert.ok(ex.opa_value_get(set, member), `member ${n} is found right after its insert`);
    }
    assert.is(ex.opa_value_length(set), 10_000);
    assert.is(rt.dumpValue(ex.opa_value_iter(set, 0)), '1');
  });
});

/** Parsing is not charged to the budget, so its cost is guarded as a ratio, as terms.test.ts guards planning. */
function parseTime(n: number): number {
  const text = `{${Array.from({ length: n }, (_, i) => `"${(n - i).toString(36)}":1`).join(',')}}`;
  const mark = ex.opa_heap_ptr_get();
  const start = performance.now();
  const v = rt.json(text);
  const elapsed = performance.now() - start;
  assert.is(ex.opa_value_length(v), n);
  ex.opa_heap_ptr_set(mark);
  return elapsed;
}

test('parsing an object whose keys come in descending order takes time about linear in its size', () => {
  const small: number[] = [];
  const large: number[] = [];
  for (let round = 0; round < 5; round++) {
    small.push(parseTime(4000));
    large.push(parseTime(32000));
  }
  // n log n is about 10x here; moving the tail on every insert was 64x (a 4 MB object took 8.5 s).
  const ratio = Math.min(...large) / Math.min(...small);
  assert.ok(ratio < 24, `8x the keys took ${ratio.toFixed(1)}x the time`);
});

test.run();
