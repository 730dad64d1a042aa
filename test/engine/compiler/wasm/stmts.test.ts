import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Func } from '../../../../engine/compiler/ir.js';
import { abortMessage, block, compile, load, local, policy, resultOf, st, str } from './helpers.js';
import { unhandledStmt } from '../../../../engine/compiler/wasm/stmts.js';

/** A rule func with two bodies that assign input.a and input.b to its return value. */
function twoBodies(params: number[]): Func {
  return {
    name: 'g0.data.r', path: ['g0', 'r'], params, return: 9,
    blocks: [
      { stmts: [
        st({ type: 'Dot', source: local(0), key: str(0), target: 4 }),
        st({ type: 'AssignVarOnce', source: local(4), target: 9 }, { file: 0, row: 7, col: 3 }),
      ] },
      { stmts: [
        st({ type: 'Dot', source: local(0), key: str(1), target: 4 }),
        st({ type: 'AssignVarOnce', source: local(4), target: 9 }, { file: 0, row: 8, col: 3 }),
      ] },
    ],
  };
}

function callingPlan(func: Func) {
  return policy({
    strings: ['a', 'b', 'result'],
    funcs: [func],
    plans: [{ name: 'p/r', blocks: [block(
      { type: 'Call', func: func.name, args: func.params.map(local), result: 2 },
      ...resultOf(2, 2),
    )] }],
  });
}

test('AssignVarOnce: equal values agree, different values abort with the rule message', async () => {
  const lp = await load(callingPlan(twoBodies([0, 1])));
  assert.equal(lp.evaluate({ a: 1 }), [{ result: 1 }]);
  assert.equal(lp.evaluate({ a: 1, b: 1.0 }), [{ result: 1 }]);
  assert.is(abortMessage(() => lp.evaluate({ a: 1, b: 2 })),
    'policy.rego:8:3: eval_conflict_error: complete rules must not produce multiple outputs');
});

test('AssignVarOnce on a function return uses the function message', async () => {
  const lp = await load(callingPlan(twoBodies([0, 1, 3])));
  assert.is(abortMessage(() => lp.evaluate({ a: 1, b: 2 })),
    'policy.rego:8:3: eval_conflict_error: functions must not produce multiple outputs for same inputs');
});

test('AssignVarOnce in a plan (no rule) is a var assignment conflict', async () => {
  const p = policy({
    strings: ['a', 'b'],
    plans: [{ name: 'p/v', blocks: [block(
      { type: 'Dot', source: local(0), key: str(0), target: 2 },
      { type: 'AssignVarOnce', source: local(2), target: 3 },
      { type: 'Dot', source: local(0), key: str(1), target: 2 },
      { type: 'AssignVarOnce', source: local(2), target: 3 },
    )] }],
  });
  const lp = await load(p);
  assert.equal(lp.evaluate({ a: 1, b: 1 }), []);
  assert.is(abortMessage(() => lp.evaluate({ a: 1, b: 2 })), 'policy.rego:3:5: eval_conflict_error: var assignment conflict');
});

test('ObjectInsertOnce accepts the same value and aborts on a different one', async () => {
  const p = policy({
    strings: ['k', 'a', 'b', 'result'],
    plans: [{ name: 'p/o', blocks: [block(
      { type: 'MakeObject', target: 2 },
      { type: 'Dot', source: local(0), key: str(1), target: 3 },
      { type: 'ObjectInsertOnce', key: str(0), value: local(3), object: 2 },
      { type: 'Dot', source: local(0), key: str(2), target: 3 },
      { type: 'ObjectInsertOnce', key: str(0), value: local(3), object: 2 },
      ...resultOf(2, 3),
    )] }],
  });
  const lp = await load(p);
  assert.equal(lp.evaluate({ a: 'x', b: 'x' }), [{ result: { k: 'x' } }]);
  assert.is(abortMessage(() => lp.evaluate({ a: 'x', b: 'y' })), 'policy.rego:3:5: eval_conflict_error: object keys must be unique');
});

test('Abort reports its message at its location', async () => {
  const p = policy({
    strings: ['eval_conflict_error: something went wrong'],
    plans: [{ name: 'p/abort', blocks: [{ stmts: [st({ type: 'Abort', message: 0 }, { file: 0, row: 12, col: 9 })] }] }],
  });
  const lp = await load(p);
  assert.is(abortMessage(() => lp.evaluate({})), 'policy.rego:12:9: eval_conflict_error: something went wrong');
});

test('Print prints a line per combination of its sets, an empty one as <undefined>', async () => {
  const p = policy({
    strings: ['hi', 'x'],
    plans: [{ name: 'p/print', blocks: [block(
      { type: 'MakeSet', target: 2 },
      { type: 'SetAdd', value: str(1), set: 2 },
      { type: 'SetAdd', value: str(0), set: 2 },
      { type: 'MakeSet', target: 3 },
      { type: 'MakeSet', target: 4 },
      { type: 'SetAdd', value: local(0), set: 4 },
      { type: 'Print', args: [2, 3, 4] },
    )] }],
  });
  const lines: unknown[] = [];
  const original = console.log;
  console.log = (line: unknown) => void lines.push(line);
  try {
    (await load(p)).evaluate(7);
  } finally {
    console.log = original;
  }
  assert.equal(lines, ['hi <undefined> 7', 'x <undefined> 7']);
});

test('internal errors: unknown static strings and Break outside blocks throw', async () => {
  const bad = policy({ plans: [{ name: 'p', blocks: [block({ type: 'MakeNumberRef', index: 4, target: 2 })] }] });
  await compile(bad).then(() => assert.unreachable(), (e) => assert.match(String(e), /missing string 4/));
  const deep = policy({ plans: [{ name: 'p', blocks: [block({ type: 'Break', index: 3 })] }] });
  await compile(deep).then(() => assert.unreachable(), (e) => assert.match(String(e), /Break 3/));
});

test('the statement switch is exhaustive: a kind outside Stmt is a type error, and throws if forced', () => {
  // @ts-expect-error a statement kind the IR does not have
  assert.throws(() => unhandledStmt({ type: 'NewKind' }), /no code for IR statement "NewKind"/);
});

test.run();
