/**
 * Pinning across an upstream's restart, end to end with the shipped policy: `st`'s tools are
 * approved, then `st` crashes and comes back describing `whoami` otherwise. A client that ignores
 * the list_changed it is sent and calls `whoami` anyway is refused by the pinning rule (changed
 * since it was first listed): the router lists the restarted upstream itself and its definitions are recorded,
 * so the call is decided on what the server serves now, not on what it served before.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { untilValue } from '../support/until.js';
import { callText, errorOf, throughWardenConfig, toolNames, type Connected } from './support/clients.js';
import { createSandbox, PERMITTED_BY_NAME } from './support/sandbox.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'routing-server.js');
const TOOLS = ['whoami', 'search', 'flaky-read', 'flaky-write', 'crash', 'stray'];

test('a tool changed across its server\'s restart is quarantined before the client lists tools again', async () => {
  const box = await createSandbox();
  // The shipped policy permits tools by name; `crash` (no hints) needs naming.
  await box.editPolicy('mcp.rego', PERMITTED_BY_NAME, 'tool_permitted if input.params.name in {"write_file", "run_command", "crash"}');
  const scratch = await mkdtemp(path.join(tmpdir(), 'warden-repin-'));
  const marker = path.join(scratch, 'crashed');
  const config = path.join(box.dir, 'warden.yaml');
  const command = JSON.stringify([process.execPath, FIXTURE, 'st', 'rugpull', marker]);
  await writeFile(config, [
    `policies: ${JSON.stringify(box.policies)}`,
    'upstreams:',
    `  - { name: st, command: ${command}, sandbox: { mode: none } }`,
    'routing: { attempt_timeout_ms: 4000, fan_out_timeout_ms: 4000, reconnect_max_ms: 300 }', '',
  ].join('\n'));
  let connected: Connected | undefined;
  try {
    connected = await throughWardenConfig(box, config);
    const { client } = connected;
    await toolNames(client);
    await untilValue('st\'s tools in the tool store', async () => {
      const listed = box.warden(['tools', 'list', '--upstream', 'st']);
      return TOOLS.every((t) => listed.stdout.includes(t)) ? true : undefined;
    });
    const approved = box.warden(['tools', 'approve', '--upstream', 'st', ...TOOLS]);
    assert.is(approved.status, 0, approved.stdout + approved.stderr);
    await untilValue('the approved tools listed', async () => ((await toolNames(client)).includes('st__whoami') ? true : undefined));
    assert.is(callText(await client.callTool({ name: 'st__whoami', arguments: {} })), 'st: whoami');

    assert.is((await errorOf(client.callTool({ name: 'st__crash', arguments: {} }))).code, -32004, 'the server crashed');
    // No tools/list from here on: the client ignores the list_changed it is sent. Until st is
    // back the call is unavailable; once back, it must be refused (before the fix it was answered).
    const refused = await untilValue('the changed whoami refused', async () => {
      const message = await client.callTool({ name: 'st__whoami', arguments: {} }).then(() => '', (error: { message: string }) => error.message);
      return /changed since it was first listed/.test(message) ? message : undefined;
    }, 15_000);
    assert.match(refused, 'Denied by mcp-warden policy: tool whoami changed since it was first listed');
  } finally {
    await connected?.close();
    await box.remove();
    await rm(scratch, { recursive: true, force: true });
  }
});

test.run();
