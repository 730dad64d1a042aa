import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPolicy, compilePolicy } from '../../../engine/policy/build.js';
import { loadPolicyWasm } from '../../../engine/policy/load-wasm.js';
import { DEFAULT_BUDGET_MS, evaluateDecision } from '../../../engine/policy/evaluate.js';
import { encodeInput } from '../../../engine/decision/encode.js';
import type { DecisionInput, ToolInfo } from '../../../engine/decision/input.js';
import { PolicyLoadError } from '../../../engine/policy/errors.js';
import { policyDigest } from '../../../engine/policy/digest.js';
import { readPolicyDir } from '../../../engine/policy/sources.js';
import { buildInput } from '../../../engine/decision/input.js';
import { context } from '../decision/fixtures.js';
import { fromRoot } from './paths.js';

const ping = buildInput({ jsonrpc: '2.0', id: 1, method: 'ping' }, context());

async function loadError(modules: Record<string, string>): Promise<PolicyLoadError> {
  try {
    await buildPolicy({ modules, data: {} });
  } catch (error) {
    assert.instance(error, PolicyLoadError);
    return error as PolicyLoadError;
  }
  throw new Error('expected a load error');
}

test('builds the shipped policy directory; the digest covers sources and data', async () => {
  const sources = await readPolicyDir(fromRoot('policies'));
  const policy = await buildPolicy(sources);
  assert.is(policy.digest, policyDigest(sources));
  assert.equal([...policy.modules], Object.keys(sources.modules).sort());
  assert.is(policy.evaluate(ping).allowed, true);
});

const tool = (name: string, extra: Partial<ToolInfo> = {}): ToolInfo => ({
  name, server: 'demo', known: true, hash: 'a'.repeat(64), first_hash: 'b'.repeat(64), first_seen: '2025-01-01T00:00:00.000Z',
  changed: false, approved: true, changed_since_approval: false, annotations: {}, ...extra,
});

/** Messages of every kind the shipped policy decides on, with the tool context a session gives them. */
function shippedSamples(): DecisionInput[] {
  const call = (name: string, args: Record<string, unknown>, extra: Partial<ToolInfo> = {}) => buildInput(
    { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name, arguments: args as Record<string, never> } },
    context({ tool: tool(name, { arguments_valid: true, argument_errors: [], ...extra }) }),
  );
  const answer = (text: string) => buildInput(
    { jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text }], _meta: { note: 'unread' } } },
    context({ direction: 'server_to_client', answers: { id: 7, method: 'tools/call', params: { name: 'read_file', arguments: { path: 'a' } } }, tool: tool('read_file') }),
  );
  return [
    ping,
    buildInput({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } } }, context()),
    buildInput({ jsonrpc: '2.0', method: 'notifications/initialized' }, context()),
    call('read_file', { path: 'notes.txt' }, { annotations: { readOnlyHint: true } }),
    call('write_file', { path: '/tmp/mcp-warden-demo/a.txt', content: 'hello' }),
    call('write_file', { path: '/tmp/mcp-warden-demo/../etc/passwd', content: 'x' }),
    call('write_file', { path: '/tmp/mcp-warden-demo/k', content: 'AKIAABCDEFGHIJKLMNOP' }),
    call('run_command', { command: 'ls', args: ['-l; rm -rf /'] }),
    call('fetch_url', { url: 'http://169.254.169.254/latest' }),
    call('write_file', { path: '/tmp/mcp-warden-demo/b' }, { approved: false, changed: true, arguments_valid: false, argument_errors: [{ path: '', message: 'content is required' }] }),
    answer('Meeting at 10:00.'),
    answer('key AKIAABCDEFGHIJKLMNOP and mail bob@example.com'),
    buildInput(
      { jsonrpc: '2.0', id: 8, result: { tools: [{ name: 'read_file', inputSchema: { type: 'object' } }, { name: 'run_command', inputSchema: { type: 'object' } }] } },
      context({ direction: 'server_to_client', answers: { id: 8, method: 'tools/list', params: null }, tools: { read_file: tool('read_file'), run_command: tool('run_command', { approved: false }) } }),
    ),
    buildInput({ jsonrpc: '2.0', id: 9, method: 'sampling/createMessage', params: { messages: [] } }, context({ direction: 'server_to_client' })),
  ];
}

test('the shipped policy decides every sample the same with its input narrowed to what it reads', async () => {
  const sources = await readPolicyDir(fromRoot('policies'));
  const compiled = await compilePolicy(sources);
  assert.ok(compiled.inputReads !== true, 'the shipped policy reads only part of its input');
  const loaded = await loadPolicyWasm(compiled.wasm);
  loaded.setData(sources.data);
  const options = { entrypoint: compiled.entrypoint, budgetMs: DEFAULT_BUDGET_MS };
  let narrowed = 0;
  const outcomes = new Set<string>();
  for (const input of shippedSamples()) {
    const whole = evaluateDecision(loaded, input, options);
    outcomes.add(`${whole.allowed} ${whole.redactions.length > 0}`);
    assert.equal(evaluateDecision(loaded, input, { ...options, reads: compiled.inputReads }), whole, `${input.method} ${JSON.stringify(input.params ?? input.result)}`);
    if (encodeInput(input, compiled.inputReads).length < encodeInput(input).length) narrowed++;
  }
  assert.is(narrowed, shippedSamples().length, 'every sample loses something to the narrowing');
  // 'false true': a call denied for a secret in its arguments has it redacted too (policies/lib/redaction.rego).
  assert.equal([...outcomes].sort(), ['false false', 'false true', 'true false', 'true true'], 'the samples are allowed, denied and redacted');
  const policy = await buildPolicy(sources);
  assert.equal(policy.inputReads, compiled.inputReads);
});

test('base data is installed', async () => {
  const modules = { 'mcp.rego': 'package mcp\nimport rego.v1\nallow if input.method in data.config.methods\n' };
  const policy = await buildPolicy({ modules, data: { config: { methods: ['ping'] } } });
  assert.is(policy.evaluate(ping).allowed, true);
  const other = await buildPolicy({ modules, data: { config: { methods: [] } } });
  assert.is(other.evaluate(ping).allowed, false);
});

test('syntax errors come back as diagnostics with the file name', async () => {
  const error = await loadError({ 'broken.rego': 'package mcp\nimport rego.v1\nallow if {\n' });
  assert.ok(error.errors.length >= 1);
  assert.is(error.errors[0]!.code, 'rego_parse_error');
  assert.is(error.errors[0]!.location.file, 'broken.rego');
});

test('unsafe variables are compile errors', async () => {
  const error = await loadError({ 'mcp.rego': 'package mcp\nimport rego.v1\nallow if x > 1\n' });
  assert.ok(error.errors.some((d) => d.code === 'rego_unsafe_var_error' || d.code === 'rego_compile_error'), error.message);
});

test('a type error in a deny rule is a load error, not a rule that never fires', async () => {
  const typo = await loadError({ 'mcp.rego': 'package mcp\nimport rego.v1\nallow := true\ndeny contains "big" if count(42) > 1\n' });
  assert.equal(typo.errors.map((d) => [d.code, d.location.row, d.message]), [['rego_type_error', 4, 'count: invalid argument(s)']]);
  const field = await loadError({ 'mcp.rego': 'package mcp\nimport rego.v1\nallow := true\ndeny contains "x" if input.parms.name == "rm"\n' });
  assert.equal(field.errors.map((d) => [d.code, d.message]), [['rego_type_error', 'undefined ref: input.parms.name']]);
  assert.ok(field.errors[0]!.details?.includes('      hint: did you mean "params"?'), JSON.stringify(field.errors[0]!.details));
});

test('a decision field defined as a function is an error at its rule, not in the wrapper', async () => {
  const error = await loadError({
    'mcp.rego': 'package mcp\nimport rego.v1\nallow if true\n',
    'deny.rego': 'package mcp\nimport rego.v1\n\ndeny(x) if x == 1\nredactions(p) := [p]\n',
  });
  assert.equal(error.errors.map((d) => [d.code, `${d.location.file}:${d.location.row}:${d.location.col}`, d.message]), [
    ['rego_type_error', 'deny.rego:4:1', 'deny is defined as a function (deny(...)), but the decision reads it as a value: deny must be a set of reasons (deny contains "reason" if ...)'],
    ['rego_type_error', 'deny.rego:5:1', 'redactions is defined as a function (redactions(...)), but the decision reads it as a value: redactions must be a set of paths (redactions contains path if ...)'],
  ]);
  const v0 = await compilePolicy({ modules: { 'mcp.rego': 'package mcp\nallow(x) { x }\n' }, data: {}, regoVersion: 0 }).then(() => undefined, (e: PolicyLoadError) => e);
  assert.equal(v0?.errors.map((d) => `${d.location.file}:${d.location.row}`), ['mcp.rego:2']);
});

test('the warden package is reserved', async () => {
  const error = await loadError({ 'evil.rego': '# hi\npackage warden.decision\nresult := {"allow": true}\n' });
  assert.equal(error.errors.map((d) => [d.location.file, d.location.row]), [['evil.rego', 2]]);
  assert.match(error.errors[0]!.message, /reserved/);
  await buildPolicy({ modules: { 'ok.rego': 'package wardens\nx := 1\n' }, data: {} });
});

test('a budget of zero denies every message (fail closed on time)', async () => {
  const policy = await buildPolicy({ modules: { 'mcp.rego': 'package mcp\nallow := true\n' }, data: {} }, { budgetMs: -1 });
  const v = policy.evaluate(ping);
  assert.is(v.allowed, false);
  assert.match(v.reasons[0]!, /time budget/);
});

test.run();
