/**
 * Tool quarantine end to end: `warden run` in front of the example workspace server with the
 * shipped policy. New tools are hidden and refused; `warden tools approve` (another process)
 * admits them without a restart, and the client is sent tools/list_changed (as on a revocation);
 * a call whose arguments miss the inputSchema is refused; after a restart with a changed
 * definition that tool is quarantined again until re-approved; every approval is in the journal,
 * which verifies.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { denialOf, throughWarden, toolNames, type Connected } from './support/clients.js';
import { ROOT, WORKSPACE_SERVER } from './support/repo.js';
import { createSandbox, type Sandbox } from './support/sandbox.js';
import { untilValue } from '../support/until.js';

const TOOLS_CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support/tools-cli.js');
const ALL = ['list_files', 'read_file', 'run_command', 'write_file'];

function tools(box: Sandbox, args: string[]) {
  return spawnSync(process.execPath, [TOOLS_CLI, ...args], { env: box.env, encoding: 'utf8', timeout: 20_000 });
}

/**
 * `warden tools` run until its output satisfies `done` (at most 10 s): the running warden writes
 * the tools it saw after a quiet period (tool-store.ts, 100 ms), so another process sees them
 * once that write has landed, later still on a loaded machine.
 */
function toolsOnceWritten(box: Sandbox, args: string[], done: (stdout: string) => boolean): Promise<ReturnType<typeof tools>> {
  return untilValue(`warden tools ${args.join(' ')} to show the listed tools`, async () => {
    const result = tools(box, args);
    return result.status !== 0 || done(result.stdout) ? result : undefined;
  }, 10_000);
}

/** warden run in front of `server`, a script run by node: the upstream is named after the script. */
function wardenRun(box: Sandbox, server: string): Promise<Connected> {
  // The sandbox must let the server read the build and packages it imports (the changed server lives in box.dir).
  return throughWarden(box, { flags: ['--sandbox-read', ROOT], server });
}

/** Counts the tools/list_changed notifications the client receives; `next()` waits for the next one. */
function listChanges(client: Client): { count: () => number; next: (timeoutMs?: number) => Promise<void> } {
  let count = 0;
  let waiting: Array<() => void> = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    count += 1;
    const woken = waiting;
    waiting = [];
    for (const wake of woken) wake();
  });
  return {
    count: () => count,
    next: (timeoutMs = 10_000) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no notifications/tools/list_changed arrived')), timeoutMs);
      waiting.push(() => { clearTimeout(timer); resolve(); });
    }),
  };
}

const reasons = (error: { data?: unknown }) => (error.data as { reasons: string[] }).reasons;

test('new tools are quarantined until approved; a changed one again; approvals are journaled', async () => {
  const box = await createSandbox({ quarantine: true });
  try {
    const first = await wardenRun(box, WORKSPACE_SERVER);
    try {
      assert.equal(await toolNames(first.client), [], 'every tool is new, so hidden');
      const changes = listChanges(first.client);
      const denied = await denialOf(first.client, 'read_file', { path: 'notes.txt' });
      assert.equal(reasons(denied), ['tool read_file is quarantined: it is new and not approved yet (review it, then run: warden tools approve --upstream workspace read_file)']);

      const unapproved = (stdout: string): number => stdout.split('\n').filter((l) => l.includes('new (not approved)')).length;
      const listed = await toolsOnceWritten(box, ['list'], (stdout) => unapproved(stdout) === 4);
      assert.is(listed.status, 0, listed.stderr);
      assert.is(unapproved(listed.stdout), 4, listed.stdout);
      const changed = changes.next();
      const approved = tools(box, ['approve', '--by', 'tester']);
      assert.is(approved.status, 0, approved.stderr);
      assert.is(approved.stdout.trim().split('\n').length, 4, approved.stdout);
      await changed;
      assert.ok(changes.count() >= 1, 'the client was told to list its tools again');

      assert.equal(await toolNames(first.client), ALL, 'approved without a restart');
      const read = await first.client.callTool({ name: 'read_file', arguments: { path: 'notes.txt' } });
      assert.not.ok(read.isError, JSON.stringify(read));
      const invalid = await denialOf(first.client, 'read_file', { path: 7 });
      assert.match(reasons(invalid).join('\n'), /tool read_file: arguments do not match its inputSchema: \/path must be string/);
    } finally {
      await first.client.close();
    }

    // Same upstream name (from the script's file name), but run_command's description now names another timeout.
    await mkdir(path.join(box.dir, 'changed'));
    const changed = path.join(box.dir, 'changed', 'workspace.mjs');
    await writeFile(changed, `process.env.WORKSPACE_COMMAND_TIMEOUT_MS = '4321';\nawait import(${JSON.stringify(pathToFileURL(WORKSPACE_SERVER).href)});\n`);
    const second = await wardenRun(box, changed);
    try {
      assert.equal(await toolNames(second.client), ['list_files', 'read_file', 'write_file']);
      const rugPull = await denialOf(second.client, 'run_command', { command: 'echo', args: ['hi'] });
      assert.equal(reasons(rugPull), ['tool run_command is quarantined: its definition changed since it was approved (review it, then run: warden tools approve --upstream workspace run_command)']);
      const rugPulled = await toolsOnceWritten(box, ['list', 'run_command'], (stdout) => /changed since approval/.test(stdout));
      assert.match(rugPulled.stdout, /changed since approval/);
      const stale = tools(box, ['approve', '--upstream', 'workspace', '--hash', 'a'.repeat(64), 'run_command']);
      assert.is(stale.status, 1, 'a definition changed since the hash reviewed is a failure, not a usage error');
      assert.match(stale.stderr, 'has changed: its definition is now');
      assert.is(tools(box, ['approve', 'no_such_tool']).status, 1, 'a tool warden has not seen');
      assert.is(tools(box, ['approve', '--hash', 'abc', 'run_command']).status, 2, 'a short hash is a usage error');
      const bulk = tools(box, ['approve']);
      assert.is(bulk.status, 1, 'a bulk approve that held back a changed definition fails');
      assert.match(bulk.stderr, /^held back workspace run_command: its definition changed since it was approved \(approved [0-9a-f]{12} by tester at /);
      assert.match(bulk.stderr, 'then approve it by name, or give --include-changed');
      assert.is(bulk.stdout, '');
      assert.equal(await toolNames(second.client), ['list_files', 'read_file', 'write_file'], 'still quarantined');
      assert.is(tools(box, ['approve', '--include-changed', 'run_command']).status, 2, '--include-changed is for bulk approves');
      const reapproved = tools(box, ['approve', '--upstream', 'workspace', 'run_command']);
      assert.is(reapproved.status, 0, reapproved.stderr);
      assert.equal(await toolNames(second.client), ALL);
      const revokedNotice = listChanges(second.client).next();
      const revoked = tools(box, ['revoke', '--by', 'tester', 'write_file']);
      assert.is(revoked.status, 0, revoked.stderr);
      await revokedNotice;
      assert.equal(await toolNames(second.client), ['list_files', 'read_file', 'run_command']);
    } finally {
      await second.client.close();
    }

    const approvals = (await readEntries(box.journal)).filter((e) => e.kind === 'approval');
    assert.equal(approvals.map((e) => `${e.op} ${e.tool}`), [
      'approve list_files', 'approve read_file', 'approve run_command', 'approve write_file', 'approve run_command', 'revoke write_file',
    ]);
    assert.ok(approvals.every((e) => typeof e.by === 'string' && e.by !== '' && /^[0-9a-f]{64}$/.test(String(e.hash))));
    assert.is(approvals[0]!.by, 'tester');
    const verify = box.warden(['verify', box.journal]);
    assert.is(verify.status, 0, verify.stdout + verify.stderr);
  } finally {
    await box.remove();
  }
});

test.run();
