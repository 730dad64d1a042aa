/**
 * Why a native builtin failed, as the runtime words it for a strict build's abort
 * (engine/runtime/assembly/builtins/failure.ts), from failure.cases.yaml.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { loadRuntime, RuntimeAbort, type Runtime } from '../harness.js';

interface Case { builtin: string; args: string[]; abort: string }

const here = path.dirname(fileURLToPath(import.meta.url));
const cases = YAML.parse(fs.readFileSync(path.join(here, 'failure.cases.yaml'), 'utf8')) as Case[];
const rt = loadRuntime();

function cstr(r: Runtime, text: string): number {
  const [ptr] = r.write(`${text}\0`);
  return ptr;
}

/** The message warden_builtin_abort gives after the call, or undefined when it does not abort. */
function abortAfter(c: Case): string | undefined {
  rt.exports.warden_builtin_failure_clear!();
  const got = rt.call(`builtin_${c.builtin.replaceAll('.', '_')}`, ...c.args);
  assert.is(got, undefined, `${c.builtin}(${c.args.join(', ')}) must yield nothing`);
  try {
    rt.exports.warden_builtin_abort!(cstr(rt, 'x.rego:1:2: '), cstr(rt, c.builtin));
  } catch (e) {
    if (e instanceof RuntimeAbort) return e.message;
    throw e;
  }
  return undefined;
}

for (const c of cases) {
  test(`${c.builtin}(${c.args.join(', ')})`, () => {
    assert.is(abortAfter(c), c.abort);
  });
}

test('the record is cleared: a failure without a reason does not report an earlier one', () => {
  rt.exports.warden_builtin_failure_clear!();
  assert.is(rt.call('builtin_div', '1', '0'), undefined);
  rt.exports.warden_builtin_failure_clear!();
  assert.is(rt.call('builtin_json_unmarshal', '"{"'), undefined);
  assert.throws(() => rt.exports.warden_builtin_abort!(cstr(rt, ''), cstr(rt, 'json.unmarshal')),
    (e: unknown) => (e as Error).message === 'eval_builtin_error: json.unmarshal: builtin failed');
});

test('a builtin that succeeds records nothing', () => {
  rt.exports.warden_builtin_failure_clear!();
  assert.is(rt.call('builtin_div', '6', '3'), '2');
  assert.throws(() => rt.exports.warden_builtin_abort!(cstr(rt, ''), cstr(rt, 'div')),
    (e: unknown) => (e as Error).message === 'eval_builtin_error: div: builtin failed');
});

test.run();
