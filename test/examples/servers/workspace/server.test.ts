/**
 * Drives the example workspace server as a real MCP client would: SDK Client over stdio.
 *
 * Which server runs: the one built alongside this test. Run from source
 * (`node --import tsx test/...server.test.ts`), it spawns the TypeScript source through tsx,
 * so no build is needed; run compiled (`make test`, from dist/), it spawns the compiled
 * server next to it. If the preferred file is missing, the other one is used.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

interface Launch {
  readonly cwd: string;
  readonly args: readonly string[];
}

function serverLaunch(): Launch {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const fromSource = import.meta.url.endsWith('.ts');
  // Four levels up is the repository root from source, or dist/ when compiled.
  const base = path.resolve(here, '../../../..');
  const repo = fromSource ? base : path.dirname(base);
  const source: Launch = { cwd: repo, args: ['--import', 'tsx', path.join(repo, 'examples/servers/workspace/server.ts')] };
  const built: Launch = { cwd: repo, args: [path.join(repo, 'dist/examples/servers/workspace/server.js')] };
  const [preferred, fallback] = fromSource ? [source, built] : [built, source];
  return existsSync(preferred.args.at(-1)!) ? preferred : fallback;
}

const launch = serverLaunch();
let client: Client;
let root: string;
let outside: string;

test.before(async () => {
  const base = await realpath(await mkdtemp(path.join(tmpdir(), 'warden-workspace-')));
  root = path.join(base, 'root');
  outside = path.join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(path.join(outside, 'secret.txt'), 'top secret');
  await symlink(outside, path.join(root, 'escape-dir'));
  await symlink(path.join(outside, 'secret.txt'), path.join(root, 'escape-file'));
  await symlink(path.join(outside, 'planted.txt'), path.join(root, 'dangling'));
  client = new Client({ name: 'workspace-test', version: '0.0.0' });
  await client.connect(new StdioClientTransport({
    command: process.execPath,
    args: [...launch.args, root],
    cwd: launch.cwd,
    env: { WORKSPACE_COMMAND_TIMEOUT_MS: '400' },
    stderr: 'ignore',
  }));
});

test.after(async () => {
  await client.close();
  await rm(path.dirname(root), { recursive: true, force: true });
});

async function call(name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return { text, isError: result.isError === true };
}

test('lists four tools with input schemas and precise annotations', async () => {
  const { tools } = await client.listTools();
  const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
  assert.equal(Object.keys(byName).sort(), ['list_files', 'read_file', 'run_command', 'write_file']);
  assert.equal(byName.read_file!.annotations, { readOnlyHint: true, openWorldHint: false });
  assert.equal(byName.list_files!.annotations, { readOnlyHint: true, openWorldHint: false });
  assert.equal(byName.write_file!.annotations, { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false });
  assert.equal(byName.run_command!.annotations, { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true });
  assert.equal(byName.write_file!.inputSchema.required, ['path', 'content']);
  assert.equal(byName.run_command!.inputSchema.required, ['command']);
  assert.is(byName.list_files!.inputSchema.required, undefined);
});

test('write_file then read_file round-trips text and creates parent directories', async () => {
  const content = 'héllo 🙂\nsecond line\n';
  const written = await call('write_file', { path: 'notes/today.md', content });
  assert.is(written.isError, false, written.text);
  assert.is(await readFile(path.join(root, 'notes/today.md'), 'utf8'), content);
  assert.equal(await call('read_file', { path: 'notes/today.md' }), { text: content, isError: false });
});

test('list_files lists the root by default, directories with a trailing slash', async () => {
  await call('write_file', { path: 'a.txt', content: 'a' });
  const listing = await call('list_files', {});
  assert.is(listing.isError, false);
  for (const entry of ['a.txt', 'notes/', 'escape-dir', 'dangling']) assert.ok(listing.text.split('\n').includes(entry), `${entry} in ${listing.text}`);
  assert.equal(await call('list_files', { path: 'notes' }), { text: 'today.md', isError: false });
});

test('paths that leave the workspace are refused, lexically or through symlinks', async () => {
  const attempts: [string, Record<string, unknown>][] = [
    ['read_file', { path: '../outside/secret.txt' }],
    ['read_file', { path: path.join(outside, 'secret.txt') }],
    ['read_file', { path: 'escape-file' }],
    ['read_file', { path: 'escape-dir/secret.txt' }],
    ['list_files', { path: 'escape-dir' }],
    ['list_files', { path: '..' }],
    ['write_file', { path: '../planted.txt', content: 'x' }],
    ['write_file', { path: 'escape-dir/planted.txt', content: 'x' }],
    ['write_file', { path: 'escape-dir/new/deeper.txt', content: 'x' }],
    ['write_file', { path: 'dangling', content: 'x' }],
  ];
  for (const [tool, args] of attempts) {
    const result = await call(tool, args);
    assert.ok(result.isError, `${tool} ${JSON.stringify(args)} must be refused, got ${result.text}`);
    assert.not.ok(result.text.includes('top secret'));
  }
  assert.not.ok(existsSync(path.join(outside, 'planted.txt')), 'nothing was written outside');
  assert.not.ok(existsSync(path.join(outside, 'new')));
  assert.not.ok(existsSync(path.join(path.dirname(root), 'planted.txt')));
});

test('run_command runs a program in the workspace root and reports its exit code', async () => {
  const ok = await call('run_command', { command: process.execPath, args: ['-e', 'process.stdout.write(process.cwd())'] });
  assert.is(ok.isError, false, ok.text);
  assert.ok(ok.text.includes('exit code: 0'));
  assert.ok(ok.text.includes(root), ok.text);
  const failing = await call('run_command', { command: process.execPath, args: ['-e', 'process.exit(4)'] });
  assert.is(failing.isError, true);
  assert.ok(failing.text.includes('exit code: 4'), failing.text);
});

test('run_command uses no shell: shell syntax is just a (missing) program name', async () => {
  const result = await call('run_command', { command: 'echo hi && touch pwned' });
  assert.is(result.isError, true);
  assert.ok(result.text.includes('command not found'), result.text);
  assert.not.ok(existsSync(path.join(root, 'pwned')));
});

test('run_command kills a program that runs past the timeout', async () => {
  const result = await call('run_command', { command: process.execPath, args: ['-e', 'setTimeout(() => {}, 20000)'] });
  assert.is(result.isError, true);
  assert.ok(result.text.includes('timed out after 400 ms'), result.text);
});

test('without a root the server refuses to start', () => {
  const run = spawnSync(process.execPath, launch.args, { cwd: launch.cwd, env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 10_000 });
  assert.is(run.status, 2);
  assert.ok(run.stderr.includes('usage'), run.stderr);
});

test.run();
