/**
 * `warden eval`: the result set is printed as JSON on stdout; compile errors are diagnostics
 * with file:row:col on stderr and exit 1.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSandbox, type Sandbox } from '../../e2e/support/sandbox.js';

let box: Sandbox;
test.before(async () => {
  box = await createSandbox();
  await writeFile(path.join(box.dir, 'write.json'), JSON.stringify({
    direction: 'client_to_server', kind: 'request', method: 'tools/call', id: 1,
    params: { name: 'write_file', arguments: { path: '/etc/passwd', content: 'x' } },
  }));
});
test.after(() => box.remove());

function evalJson(args: string[]): unknown {
  const result = box.warden(['eval', '--policies', box.policies, ...args]);
  assert.is(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

test('prints one binding object per solution', () => {
  assert.equal(evalJson(['x := count(data.config.allowed_commands)']), [{ x: 5 }]);
  assert.equal(evalJson(['x := [1, 2][_]']), [{ x: 1 }, { x: 2 }]);
});

test('an undefined query prints an empty result set', () => {
  assert.equal(evalJson(['data.mcp.no_such_rule']), []);
});

test('evaluates against --input', () => {
  const input = path.join(box.dir, 'write.json');
  const rows = evalJson(['--input', input, 'reasons := data.mcp.deny']) as Array<{ reasons: string[] }>;
  assert.is(rows.length, 1);
  assert.is(rows[0]!.reasons.length, 1);
  assert.match(rows[0]!.reasons[0]!, /^write_file: /);
});

test('the decision wrapper is compiled in: data.warden.decision.result is what the proxy decides', () => {
  const input = path.join(box.dir, 'write.json');
  const [row] = evalJson(['--input', input, 'd := data.warden.decision.result']) as Array<{ d: { allow: boolean; deny: string[] } }>;
  assert.is(row!.d.allow, true);
  assert.equal(row!.d.deny, (evalJson(['--input', input, 'x := data.mcp.deny']) as Array<{ x: string[] }>)[0]!.x);
});

test('--data replaces the directory data file (JSON or YAML)', async () => {
  const file = path.join(box.dir, 'data.yaml');
  await writeFile(file, 'config:\n  allowed_commands: [git]\n');
  assert.equal(evalJson(['--data', file, 'x := data.config.allowed_commands']), [{ x: ['git'] }]);
});

test('a compile error prints file:row:col diagnostics and exits 1', async () => {
  await writeFile(path.join(box.policies, 'broken.rego'), 'package broken\n\nx := y\n');
  try {
    const result = box.warden(['eval', '--policies', box.policies, 'x := 1']);
    assert.is(result.status, 1);
    assert.match(result.stderr, /^broken\.rego:3:\d+: rego_unsafe_var_error: /m);
    assert.is(result.stdout, '');
  } finally {
    await rm(path.join(box.policies, 'broken.rego'));
  }
});

test('a missing input file is a failure, not a usage error', () => {
  const result = box.warden(['eval', '--policies', box.policies, '--input', path.join(box.dir, 'nope.json'), 'x := 1']);
  assert.is(result.status, 1);
  assert.match(result.stderr, 'cannot read');
});

test.run();
