/**
 * `warden run` from a raw stdio client: stdout carries nothing but JSON-RPC, the client
 * closing stdin ends warden with exit 0, and warden refuses to start (exit 1) when the policy
 * does not compile or the server cannot be started.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WARDEN, WORKSPACE_SERVER } from '../../e2e/support/repo.js';
import { createSandbox, type Sandbox } from '../../e2e/support/sandbox.js';

let box: Sandbox;
test.before(async () => {
  box = await createSandbox();
});
test.after(() => box.remove());

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs warden run, writes `messages` one per line, ends stdin once `replies` lines came back. */
function session(args: string[], messages: object[], replies: number): Promise<Exit> {
  const child = spawn(process.execPath, [WARDEN, 'run', ...args], { env: box.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const kill = setTimeout(() => child.kill('SIGKILL'), 8000);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.split('\n').length > replies) child.stdin.end();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => undefined);
  for (const message of messages) child.stdin.write(`${JSON.stringify(message)}\n`);
  if (replies === 0) child.stdin.end();
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    });
  });
}

const initialize = {
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};
const upstream = (): string[] => ['--', process.execPath, WORKSPACE_SERVER, box.workspace];

test('stdout carries only JSON-RPC; closing stdin ends warden with exit 0', async () => {
  const ping = { jsonrpc: '2.0', id: 'two', method: 'ping' };
  const exit = await session(['--policies', box.policies, '--journal', box.journal, ...upstream()], [initialize, ping], 2);
  assert.is(exit.code, 0, exit.stderr);
  const lines = exit.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { id: unknown; result?: unknown });
  assert.equal(lines.map((m) => m.id), [1, 'two'], 'ids come back as the client sent them');
  assert.match(exit.stderr, /^warden: policy loaded from /m);
});

test('a policy directory or data file that cannot be read is named as such, not as a compile error', async () => {
  const missing = path.join(box.dir, 'no-such-policies');
  const exit = await session(['--policies', missing, '--journal', box.journal, ...upstream()], [initialize], 0);
  assert.is(exit.code, 1);
  assert.ok(exit.stderr.includes(`${missing}:1:1: rego_compile_error: cannot read the policy: no such file or directory`), exit.stderr);
  assert.match(exit.stderr, 'cannot be read; refusing to start');
  const data = path.join(box.dir, 'no-such-data.yaml');
  const noData = await session(['--policies', box.policies, '--data', data, '--journal', box.journal, ...upstream()], [initialize], 0);
  assert.is(noData.code, 1);
  assert.ok(noData.stderr.includes(`${data}:1:1: rego_compile_error: cannot read the policy: no such file or directory`), noData.stderr);
});

test('a policy that does not compile: diagnostics on stderr, exit 1, nothing on stdout', async () => {
  await box.editPolicy('mcp.rego', 'import rego.v1', 'import rego.v1\n\nallow if {');
  try {
    const exit = await session(['--policies', box.policies, '--journal', box.journal, ...upstream()], [initialize], 0);
    assert.is(exit.code, 1);
    assert.match(exit.stderr, /^mcp\.rego:\d+:\d+: rego_parse_error: /m);
    assert.match(exit.stderr, 'does not compile; refusing to start');
    assert.is(exit.stdout, '');
  } finally {
    await box.editPolicy('mcp.rego', 'import rego.v1\n\nallow if {', 'import rego.v1');
  }
});

test('a policy that does not compile: the server spawned while it compiled is stopped, not left behind', async () => {
  // The server's command line carries a marker, so its process can be looked for afterwards.
  const marker = `warden-prelaunch-${process.pid}-${Date.now()}`;
  await box.editPolicy('mcp.rego', 'import rego.v1', 'import rego.v1\n\nallow if {');
  try {
    const args = ['run', '--sandbox', 'none', '--policies', box.policies, '--journal', box.journal, '--', process.execPath, '-e', 'setInterval(() => {}, 1000)', marker];
    // Its exit, not its pipes' close: a server left behind would hold them open.
    const child = spawn(process.execPath, [WARDEN, ...args], { env: box.env, stdio: ['ignore', 'ignore', 'ignore'] });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const left = processesNamed(marker);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    assert.is(code, 1);
    assert.equal(left, [], 'no server process outlives warden');
  } finally {
    await box.editPolicy('mcp.rego', 'import rego.v1\n\nallow if {', 'import rego.v1');
  }
});

test('a server that cannot be started: exit 1 with the reason', async () => {
  const exit = await session(['--policies', box.policies, '--journal', box.journal, '--', 'no-such-mcp-server-binary'], [], 0);
  assert.is(exit.code, 1);
  assert.match(exit.stderr, 'cannot start no-such-mcp-server-binary');
});

test('problems found once the file is merged are placed in the file: line and column of the field', async () => {
  const config = path.join(box.dir, 'several.yaml');
  writeFileSync(config, [
    `policies: ${JSON.stringify(box.policies)}`,
    'upstreams:',
    '  - { name: files, command: [node, a.js] }',
    '  - name: files',
    '    command: [node, b.js]',
    '',
  ].join('\n'));
  const exit = await session(['--config', config], [], 0);
  assert.is(exit.code, 2);
  assert.match(exit.stderr, `${config}:4:5: /upstreams/1/name: the name files is used by another entry`);
  const single = path.join(box.dir, 'single.yaml');
  writeFileSync(single, `policies: ${JSON.stringify(box.policies)}\nupstream: { command: [node, a.js] }\nrouting: { attempt_timeout_ms: 500 }\n`);
  const refused = await session(['--config', single], [], 0);
  assert.is(refused.code, 2);
  assert.match(refused.stderr, `${single}:3:1: /routing: routing: applies to upstreams:`);
});

test('an API key file with problems is a configuration error: each at file:line:col, exit 2, nothing started', async () => {
  const keys = path.join(box.dir, 'bad-keys.yaml');
  writeFileSync(keys, `keys:\n  - id: ci\n    hash: "sha256:abc"\n  - id: ci\n    hash: "sha256:${'a'.repeat(64)}"\n`);
  const listen = ['--listen', 'http://127.0.0.1:0/mcp', '--journal', box.journal, ...upstream()];
  const exit = await session(['--policies', box.policies, '--api-keys', keys, ...listen], [], 0);
  assert.is(exit.code, 2, exit.stderr);
  assert.match(exit.stderr, `invalid configuration:\n${keys}:3:11: /keys/0/hash: must be "sha256:" followed by 64 lowercase hex digits`);
  assert.not.match(exit.stderr, 'listening on');
  const missing = path.join(box.dir, 'no-such-keys.yaml');
  const absent = await session(['--policies', box.policies, '--api-keys', missing, ...listen], [], 0);
  assert.is(absent.code, 2, absent.stderr);
  assert.match(absent.stderr, `${missing}: does not exist; expected the API key file`);
  assert.not.match(absent.stderr, 'ENOENT');
});

test('creates the signing key on first use, readable by the owner only', () => {
  const key = statSync(`${box.home}/signing-key.pem`);
  assert.is(key.mode & 0o777, 0o600);
});

test('--data supplies the base data document the policy decides with', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-data-'));
  try {
    mkdirSync(path.join(dir, 'policies'));
    writeFileSync(path.join(dir, 'policies', 'mcp.rego'), 'package mcp\nimport rego.v1\nallow if data.ok_methods[input.method]\n');
    writeFileSync(path.join(dir, 'data.json'), JSON.stringify({ ok_methods: { initialize: true } }));
    const ping = { jsonrpc: '2.0', id: 'two', method: 'ping' };
    const args = ['--policies', path.join(dir, 'policies'), '--data', path.join(dir, 'data.json'), '--journal', path.join(dir, 'journal')];
    mkdirSync(path.join(dir, 'ws'));
    const exit = await session([...args, '--', process.execPath, WORKSPACE_SERVER, path.join(dir, 'ws')], [initialize, ping], 2);
    assert.is(exit.code, 0, exit.stderr);
    // the denial needs no upstream round trip, so it may come back first
    const replies = exit.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { id: unknown; result?: unknown; error?: { code: number } });
    const init = replies.find((r) => r.id === 1);
    const denied = replies.find((r) => r.id === 'two');
    assert.ok(init?.result, 'initialize is allowed by data.ok_methods');
    assert.is(denied?.error?.code, -32003, 'ping is not in data.ok_methods');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--data that puts a value at a rule\'s path: OPA\'s compile error at the rule, refusing to start', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-data-clash-'));
  try {
    mkdirSync(path.join(dir, 'policies'));
    writeFileSync(path.join(dir, 'policies', 'mcp.rego'), 'package mcp\nimport rego.v1\nallow if input.method == "initialize"\n');
    writeFileSync(path.join(dir, 'data.json'), JSON.stringify({ mcp: { allow: true } }));
    const args = ['--policies', path.join(dir, 'policies'), '--data', path.join(dir, 'data.json'), '--journal', path.join(dir, 'journal')];
    const exit = await session([...args, ...upstream()], [initialize], 0);
    assert.is(exit.code, 1);
    assert.match(exit.stderr, /^mcp\.rego:3:1: rego_compile_error: conflicting rule for data path mcp\/allow found$/m);
    assert.match(exit.stderr, 'does not compile; refusing to start');
    assert.is(exit.stdout, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a policy directory without package mcp starts with a warning on stderr, and denies', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-nompc-'));
  try {
    mkdirSync(path.join(dir, 'policies'));
    writeFileSync(path.join(dir, 'policies', 'mcp.rego'), 'package mpc\nimport rego.v1\nallow if true\n');
    mkdirSync(path.join(dir, 'ws'));
    const args = ['--policies', path.join(dir, 'policies'), '--journal', path.join(dir, 'journal')];
    const exit = await session([...args, '--', process.execPath, WORKSPACE_SERVER, path.join(dir, 'ws')], [initialize], 1);
    assert.is(exit.code, 0, exit.stderr);
    assert.match(exit.stderr, 'warning: no module declares package mcp (found: data.mpc): every request will be denied');
    const reply = JSON.parse(exit.stdout.trim()) as { error?: { code: number } };
    assert.is(reply.error?.code, -32003);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--env and --env-file values reach the stdio server and never the logs', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-env-'));
  try {
    writeFileSync(path.join(dir, 'upstream.env'), 'FROM_FILE="file-secret-value-42"\n');
    // Answers initialize with the lengths of the two variables as its server name.
    const server = `process.stdin.once('data', () => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: 1, result: {
      protocolVersion: '2025-06-18', capabilities: {}, serverInfo: { name: [process.env.TOKEN, process.env.FROM_FILE].map((v) => String(v?.length)).join('/'), version: '1' } } }) + '\\n'));
      setInterval(() => undefined, 1000);`;
    const args = ['--policies', box.policies, '--journal', path.join(dir, 'journal'), '--env', 'TOKEN=flag-secret-value-1234',
      '--env-file', path.join(dir, 'upstream.env'), '--', process.execPath, '-e', server];
    const exit = await session(args, [initialize], 1);
    assert.is(exit.code, 0, exit.stderr);
    const reply = JSON.parse(exit.stdout.trim()) as { result: { serverInfo: { name: string } } };
    assert.is(reply.result.serverInfo.name, '22/20', 'both variables reached the server');
    for (const secret of ['flag-secret-value-1234', 'file-secret-value-42']) assert.not.ok(exit.stderr.includes(secret), `${secret} in the logs`);
    assert.not.ok(exit.stderr.includes('process.stdin'), 'the command line is not logged either');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a policy print() goes to stderr, never into the JSON-RPC stream on stdout', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-print-'));
  try {
    mkdirSync(path.join(dir, 'policies'));
    mkdirSync(path.join(dir, 'ws'));
    writeFileSync(path.join(dir, 'policies', 'mcp.rego'), 'package mcp\nimport rego.v1\nallow if {\n  print("deciding", input.method)\n  true\n}\n');
    const args = ['--policies', path.join(dir, 'policies'), '--journal', path.join(dir, 'journal')];
    const exit = await session([...args, '--', process.execPath, WORKSPACE_SERVER, path.join(dir, 'ws')], [initialize], 1);
    assert.is(exit.code, 0, exit.stderr);
    for (const line of exit.stdout.trimEnd().split('\n')) assert.is((JSON.parse(line) as { jsonrpc: string }).jsonrpc, '2.0');
    assert.match(exit.stderr, 'deciding initialize');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Live processes whose command line has `word` as one of its arguments. */
function processesNamed(word: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(word);
    } catch {
      return false;
    }
  }).map(Number);
}

test.run();

