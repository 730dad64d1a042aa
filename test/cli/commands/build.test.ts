/**
 * `warden build`: the wasm it writes, bare or in the bundle opa build -t wasm writes, loads in
 * the official OPA SDK with mcp-warden's host builtins, and each entrypoint answers as compiled.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { hostBuiltins } from '../../../engine/index.js';
import { V0_POLICY, WARDEN } from '../../e2e/support/repo.js';
import { createSandbox, type Sandbox } from '../../e2e/support/sandbox.js';

let box: Sandbox;
test.before(async () => {
  box = await createSandbox();
});
test.after(() => box.remove());

const readCall = { direction: 'client_to_server', kind: 'request', method: 'tools/call', id: 1, params: { name: 'read_file', arguments: { path: 'a' } } };
const shellCall = { ...readCall, params: { name: 'run_command', arguments: { command: 'ls; rm -rf /' } } };

test('writes a module that loads in @open-policy-agent/opa-wasm and evaluates each entrypoint', async () => {
  const output = path.join(box.dir, 'policy.wasm');
  const result = box.warden(['build', '--policies', box.policies, '-e', 'mcp/allow', '--entrypoint', 'warden/decision/result', '-o', output]);
  assert.is(result.status, 0, result.stderr);
  assert.is(result.stdout, '');
  assert.match(result.stderr, 'entrypoints mcp/allow=0, warden/decision/result=1');

  const policy = await loadPolicy(await readFile(output), undefined, hostBuiltins);
  // The module carries no data: an SDK user sets the policy directory's data document, as warden run does.
  policy.setData(parse(await readFile(path.join(box.policies, 'data.yaml'), 'utf8')) as object);
  assert.equal(policy.entrypoints, { 'mcp/allow': 0, 'warden/decision/result': 1 });
  assert.equal(policy.evaluate(readCall, 'mcp/allow'), [{ result: true }]);
  const [decision] = policy.evaluate(shellCall, 'warden/decision/result') as Array<{ result: { allow: boolean; deny: string[] } }>;
  assert.ok(decision!.result.deny.includes('run_command: shell metacharacters are not allowed'), JSON.stringify(decision));
});

test('--v0-compatible builds a Rego v0 policy, deprecated builtins included; without it the v0 syntax is refused', async () => {
  const output = path.join(box.dir, 'v0.wasm');
  const built = box.warden(['build', '--v0-compatible', V0_POLICY, '-e', 'warden/decision/result', '-o', output]);
  assert.is(built.status, 0, built.stderr);
  const policy = await loadPolicy(await readFile(output), undefined, hostBuiltins);
  const [decision] = policy.evaluate({ ...shellCall, kind: 'request' }, 'warden/decision/result') as Array<{ result: { allow: boolean; deny: string[] } }>;
  assert.equal([decision!.result.allow, decision!.result.deny], [true, ['run_command: only readers may be called']]);
  const refused = box.warden(['build', V0_POLICY, '-e', 'warden/decision/result', '-o', output]);
  assert.is(refused.status, 1);
  assert.match(refused.stderr, 'rego_parse_error: `if` keyword is required before rule body');
});

test('the policy directory may be given as opa build takes it; no path is a usage error, and so is a target but wasm', () => {
  const output = path.join(box.dir, 'positional.wasm');
  const built = box.warden(['build', box.policies, '-e', 'mcp/allow', '-o', output]);
  assert.is(built.status, 0, built.stderr);
  assert.match(built.stderr, 'entrypoints mcp/allow=0');
  const none = box.warden(['build', '-e', 'mcp/allow', '-o', output]);
  assert.is(none.status, 2);
  assert.match(none.stderr, 'give the policies: warden build PATH [PATH...] (or --policies DIR)');
  for (const target of ['rego', 'plan']) {
    const refused = box.warden(['build', box.policies, '-t', target, '-e', 'mcp/allow', '-o', output]);
    assert.is(refused.status, 2, target);
    assert.match(refused.stderr, `--target ${target}: warden build has no Rego interpreter; it compiles every policy to wasm`);
  }
});

test('opa build -t wasm -e example/allow example.rego: bundle.tar.gz as OPA writes it, loadable from /policy.wasm', async () => {
  const dir = path.join(box.dir, 'opa-style');
  await mkdir(dir);
  await writeFile(path.join(dir, 'example.rego'), 'package example\nimport rego.v1\ndefault allow := false\nallow if input.user in data.admins\n');
  await writeFile(path.join(dir, 'data.json'), '{"admins": ["alice"]}');
  const result = spawnSync(process.execPath, [WARDEN, 'build', '-t', 'wasm', '-e', 'example/allow', 'example.rego', 'data.json'], { cwd: dir, encoding: 'utf8' });
  assert.is(result.status, 0, result.stderr);
  const listing = spawnSync('tar', ['-tzvf', path.join(dir, 'bundle.tar.gz')], { encoding: 'utf8' });
  assert.is(listing.status, 0, listing.stderr);
  assert.equal(listing.stdout.trim().split('\n').map((line) => [line.split(/\s+/)[0], line.split(/\s+/).at(-1)]), [
    ['-rw-------', '/data.json'], ['-rw-------', '/policy.wasm'], ['-rw-------', '/.manifest'],
  ]);
  const files = await unpack(path.join(dir, 'bundle.tar.gz'));
  assert.equal(JSON.parse(files.get('.manifest')!.toString()), {
    revision: '', roots: [''], wasm: [{ entrypoint: 'example/allow', module: '/policy.wasm' }], rego_version: 1,
  });
  const data = JSON.parse(files.get('data.json')!.toString()) as object;
  assert.equal(data, { admins: ['alice'] });
  const policy = await loadPolicy(files.get('policy.wasm')!, undefined, hostBuiltins);
  policy.setData(data);
  assert.equal([policy.evaluate({ user: 'alice' }, 'example/allow'), policy.evaluate({ user: 'bob' }, 'example/allow')], [[{ result: true }], [{ result: false }]]);
});

test('a policy directory builds to a bundle carrying its data document, the same bytes every time', async () => {
  const output = path.join(box.dir, 'dir-bundle.tar.gz');
  const args = ['build', box.policies, '-e', 'mcp/allow', '-e', 'warden/decision/result', '-o', output];
  assert.is(box.warden(args).status, 0);
  const first = await readFile(output);
  assert.is(box.warden(args).status, 0);
  assert.ok(first.equals(await readFile(output)), 'the bundle differs between two builds of the same policy');
  const files = await unpack(output);
  const data = JSON.parse(files.get('data.json')!.toString()) as object;
  assert.equal(data, parse(await readFile(path.join(box.policies, 'data.yaml'), 'utf8')));
  assert.equal((JSON.parse(files.get('.manifest')!.toString()) as { wasm: unknown }).wasm, [
    { entrypoint: 'mcp/allow', module: '/policy.wasm' }, { entrypoint: 'warden/decision/result', module: '/policy.wasm' },
  ]);
  const policy = await loadPolicy(files.get('policy.wasm')!, undefined, hostBuiltins);
  policy.setData(data);
  const [decision] = policy.evaluate(shellCall, 'warden/decision/result') as Array<{ result: { deny: string[] } }>;
  assert.ok(decision!.result.deny.includes('run_command: shell metacharacters are not allowed'), JSON.stringify(decision));
});

/** The regular files of a gzipped tar, by name without its leading slash, read with the system's tar. */
async function unpack(archive: string): Promise<Map<string, Buffer>> {
  const into = await mkdtemp(path.join(box.dir, 'unpacked-'));
  const extracted = spawnSync('tar', ['-xzf', archive, '-C', into], { encoding: 'utf8' });
  assert.is(extracted.status, 0, extracted.stderr);
  const files = new Map<string, Buffer>();
  for (const name of await readdir(into)) files.set(name, await readFile(path.join(into, name)));
  return files;
}

test('an entrypoint that refers to no rule or package exits 1, in every spelling, and writes nothing', () => {
  const output = path.join(box.dir, 'nope.wasm');
  for (const ep of ['mcp/nope', 'mcp.nope', 'data.mcp.nope']) {
    const result = box.warden(['build', '--policies', box.policies, '-e', 'mcp/allow', '-e', ep, '-o', output]);
    assert.is(result.status, 1, ep);
    assert.match(result.stderr, `(entrypoints):2:1: rego_compile_error: entrypoint "${ep}" does not refer to a rule or policy decision`);
    assert.not.match(result.stderr, 'did you mean');
  }
  return readFile(output).then(() => assert.unreachable('no output expected'), () => undefined);
});

test('a dotted entrypoint naming an existing rule exits 1 with the slash form as a hint', () => {
  for (const ep of ['mcp.allow', 'data.mcp.allow']) {
    const result = box.warden(['build', '--policies', box.policies, '-e', ep, '-o', path.join(box.dir, 'dotted.wasm')]);
    assert.is(result.status, 1, ep);
    assert.match(result.stderr, `entrypoint "${ep}" does not refer to a rule or policy decision`);
    assert.match(result.stderr, 'did you mean "mcp/allow"?');
  }
});

test('a policy that does not compile exits 1 with diagnostics and writes nothing', async () => {
  await box.editPolicy('mcp.rego', 'import rego.v1', 'import rego.v1\n\nbroken if {');
  const output = path.join(box.dir, 'broken.wasm');
  const result = box.warden(['build', '--policies', box.policies, '-e', 'mcp/allow', '-o', output]);
  assert.is(result.status, 1);
  assert.match(result.stderr, /^mcp\.rego:\d+:\d+: rego_parse_error: /m);
  await readFile(output).then(() => assert.unreachable('no output expected'), () => undefined);
});

test('the built decision hides a tool that a deny rule refuses from the tool alone, as the proxy does', async () => {
  const dir = path.join(box.dir, 'listing-policies');
  await mkdir(dir);
  await writeFile(path.join(dir, 'mcp.rego'), [
    'package mcp', 'import rego.v1', 'allow if input.method == "tools/call"',
    'deny contains "no shells" if input.params.name == "run_shell"',
    'deny contains "path required" if not input.params.arguments.path',
  ].join('\n'));
  const output = path.join(box.dir, 'listing.wasm');
  const result = box.warden(['build', '--policies', dir, '-e', 'warden/decision/result', '-o', output]);
  assert.is(result.status, 0, result.stderr);
  const policy = await loadPolicy(await readFile(output), undefined, hostBuiltins);
  const tools = [{ name: 'run_shell' }, { name: 'read_file' }];
  const listing = {
    direction: 'server_to_client', kind: 'response', method: 'tools/list', id: 1, result: { tools },
    tools: { run_shell: { name: 'run_shell', annotations: {} }, read_file: { name: 'read_file', annotations: {} } },
    session: {}, principal: {}, upstream: 'demo', time: {},
  };
  const [decision] = policy.evaluate(listing, 'warden/decision/result') as Array<{ result: { visible_tools: string[] } }>;
  // The argument check cannot be decided without arguments, so it hides nothing.
  assert.equal(decision!.result.visible_tools, ['read_file']);
});

test.run();
