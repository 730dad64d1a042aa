/**
 * `warden run --strict-builtin-errors` (or `strict_builtin_errors: true` in the config file): a
 * builtin call that fails on what a client sent aborts the decision, which denies, where OPA's
 * default (and warden's without the option) makes the call undefined, so a deny rule that needs
 * it does not fire and the message goes through.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openLineSession } from './support/line-session.js';
import { WORKSPACE_SERVER } from './support/repo.js';
import { assertJournalVerifies, createSandbox, type Sandbox } from './support/sandbox.js';

const POLICY = `package mcp

import rego.v1

allow if input.kind in {"request", "notification", "response", "error"}

deny contains "read_file: more than 100 lines asked for" if {
	input.params.name == "read_file"
	to_number(input.params.arguments.lines) > 100
}
`;

const call = (id: number, lines: string): string => JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'read_file', arguments: { path: 'notes.txt', lines } } });

async function answers(box: Sandbox, args: string[]): Promise<Array<{ result?: unknown; error?: { message: string } }>> {
  const session = await openLineSession(box, [...args, '--', process.execPath, WORKSPACE_SERVER, box.workspace]);
  const replies = [];
  for (const [id, lines] of [[2, '5'], [3, '500'], [4, 'all']] as const) replies.push(JSON.parse(await session.ask(call(id, lines))));
  await session.end();
  assertJournalVerifies(box);
  return replies;
}

async function withPolicy(body: (box: Sandbox, dir: string) => Promise<void>): Promise<void> {
  const box = await createSandbox();
  try {
    const dir = path.join(box.dir, 'strict-policy');
    await mkdir(dir);
    await writeFile(path.join(dir, 'mcp.rego'), POLICY);
    await body(box, dir);
  } finally {
    await box.remove();
  }
}

function assertStrict(replies: Array<{ result?: unknown; error?: { message: string } }>): void {
  const [small, large, word] = replies;
  assert.ok(small!.result, 'a number the builtin reads is decided as written');
  assert.match(large!.error!.message, 'more than 100 lines');
  assert.match(word!.error!.message, /policy evaluation failed: .*to_number/, word!.error!.message);
}

test('by default a failing builtin is undefined, as in OPA: the deny rule does not fire', () => withPolicy(async (box, dir) => {
  const [small, large, word] = await answers(box, ['--policies', dir]);
  assert.ok(small!.result);
  assert.match(large!.error!.message, 'more than 100 lines');
  assert.ok(word!.result, 'to_number("all") fails, so the deny rule is undefined');
}));

test('--strict-builtin-errors: the failing call aborts the decision, which denies', () => withPolicy(async (box, dir) => {
  assertStrict(await answers(box, ['--policies', dir, '--strict-builtin-errors']));
}));

test('strict_builtin_errors: true in the config file does the same', () => withPolicy(async (box, dir) => {
  const config = path.join(box.dir, 'warden.yaml');
  await writeFile(config, `policies: ${JSON.stringify(dir)}\nstrict_builtin_errors: true\nupstream:\n  command: ${JSON.stringify([process.execPath, WORKSPACE_SERVER, box.workspace])}\n`);
  const session = await openLineSession(box, ['--config', config]);
  const replies = [];
  for (const [id, lines] of [[2, '5'], [3, '500'], [4, 'all']] as const) replies.push(JSON.parse(await session.ask(call(id, lines))));
  await session.end();
  assertStrict(replies);
}));

test.run();
