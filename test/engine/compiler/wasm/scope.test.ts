import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Scope, type Env } from '../../../../engine/compiler/wasm/scope.js';
import { block, load, local, policy, resultOf, str } from './helpers.js';

/** requireDefined needs no part of the environment: it emits local.get, i32.eqz and br_if. */
function scopeWithBlock(): Scope {
  const s = new Scope({} as Env, [0]);
  s.openBlock();
  return s;
}

test('requireDefined is not emitted twice in a row for the same local', () => {
  const s = scopeWithBlock();
  s.requireDefined(0);
  const afterFirst = s.fb.position;
  assert.ok(afterFirst > 0);
  s.requireDefined(0);
  assert.is(s.fb.position, afterFirst);
});

test('requireDefined is emitted again after any other code, and for another local', () => {
  const s = scopeWithBlock();
  s.requireDefined(0);
  s.fb.localGet(0);
  const between = s.fb.position;
  s.requireDefined(0);
  assert.ok(s.fb.position > between, 'checked again after code that ran in between');
  const before = s.fb.position;
  s.requireDefined(1);
  assert.ok(s.fb.position > before, 'another local is checked');
});

test('a local checked by the code that assigned it is not checked again', () => {
  const s = scopeWithBlock();
  const target = s.local(5);
  s.fb.localTee(target);
  s.failIf();
  s.checkedDefined(target);
  const at = s.fb.position;
  s.requireDefined(5);
  assert.is(s.fb.position, at);
});

test('a chain of Dots with IsDefined guards still fails at the first undefined link', async () => {
  const lp = await load(policy({
    strings: ['a', 'b', 'result'],
    plans: [{ name: 'p/r', blocks: [block(
      { type: 'IsDefined', source: 0 },
      { type: 'Dot', source: local(0), key: str(0), target: 2 },
      { type: 'IsDefined', source: 2 },
      { type: 'Dot', source: local(2), key: str(1), target: 3 },
      { type: 'IsDefined', source: 3 },
      ...resultOf(3, 2),
    )] }],
  }));
  assert.equal(lp.evaluate({ a: { b: 7 } }), [{ result: 7 }]);
  assert.equal(lp.evaluate({ a: { c: 7 } }), []);
  assert.equal(lp.evaluate({ b: 7 }), []);
  assert.equal(lp.evaluate(undefined), []);
});

test.run();
