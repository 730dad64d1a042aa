/**
 * A policy written in Rego v0 enforced by `warden run --v0-compatible` (or `rego_version: 0` in
 * the config file) over stdio: its allow and deny rules decide, the journal verifies, and
 * without the flag warden refuses to start on it, naming the parse error.
 */
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openLineSession, type LineSession } from './support/line-session.js';
import { V0_POLICY, WARDEN, WORKSPACE_SERVER } from './support/repo.js';
import { assertJournalVerifies, type Sandbox, withSandbox } from './support/sandbox.js';

async function exercise(box: Sandbox, session: LineSession): Promise<void> {
  const listing = JSON.parse(await session.ask('{"jsonrpc":"2.0","id":2,"method":"tools/list"}')) as { result: { tools: unknown[] } };
  assert.ok(listing.result.tools.length > 0);
  const read = JSON.parse(await session.ask('{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"notes.txt"}}}')) as { result: unknown };
  assert.match(JSON.stringify(read.result), 'first line');
  const write = JSON.parse(await session.ask('{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"write_file","arguments":{"path":"x","content":"y"}}}')) as { error: { message: string } };
  assert.match(write.error.message, 'write_file: only readers may be called');
  await session.end();
  assertJournalVerifies(box);
}

test('--v0-compatible: a Rego v0 policy allows and denies as written', () => withSandbox(async (box) => {
  await exercise(box, await openLineSession(box, ['--policies', V0_POLICY, '--v0-compatible', '--', process.execPath, WORKSPACE_SERVER, box.workspace]));
}));

test('rego_version: 0 in the config file does the same', () => withSandbox(async (box) => {
  const config = path.join(box.dir, 'warden.yaml');
  await writeFile(config, `policies: ${JSON.stringify(V0_POLICY)}\nrego_version: 0\nupstream:\n  command: ${JSON.stringify([process.execPath, WORKSPACE_SERVER, box.workspace])}\n`);
  await exercise(box, await openLineSession(box, ['--config', config]));
}));

test('without it, warden refuses to start on a v0 policy and names the parse error', () => withSandbox(async (box) => {
  const result = spawnSync(process.execPath, [WARDEN, 'run', '--journal', box.journal, '--policies', V0_POLICY, '--', process.execPath, WORKSPACE_SERVER, box.workspace],
    { env: box.env, input: '', encoding: 'utf8', timeout: 20_000 });
  assert.is.not(result.status, 0);
  assert.match(result.stderr, 'mcp.rego:11:7: rego_parse_error: `if` keyword is required before rule body');
}));

test.run();
