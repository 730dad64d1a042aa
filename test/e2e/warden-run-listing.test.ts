/**
 * Tool listing end to end through `warden run` and the example workspace server: a deny that
 * decides from the tool alone hides the tool from tools/list (and still refuses a call by name),
 * while a deny that checks arguments leaves its tool listed and refuses only the bad call.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { denialOf, direct, throughWarden, toolNames } from './support/clients.js';
import { createSandbox } from './support/sandbox.js';

const POLICY = `package mcp

import rego.v1

allow := true

deny contains "run_command: no shell access here" if input.params.name == "run_command"

deny contains "write_file: path must be a string" if {
	input.params.name == "write_file"
	not is_string(input.params.arguments.path)
}
`;

test('a tool-only deny hides its tool from tools/list; an argument deny does not', async () => {
  const box = await createSandbox();
  try {
    await rm(box.policies, { recursive: true });
    await mkdir(box.policies);
    await writeFile(path.join(box.policies, 'mcp.rego'), POLICY);
    const [proxied, plain] = await Promise.all([throughWarden(box), direct(box)]);
    try {
      assert.equal(await toolNames(plain.client), ['list_files', 'read_file', 'run_command', 'write_file']);
      assert.equal(await toolNames(proxied.client), ['list_files', 'read_file', 'write_file']);
      const hidden = await denialOf(proxied.client, 'run_command', { command: 'date' });
      assert.equal((hidden.data as { reasons: string[] }).reasons, ['run_command: no shell access here']);
      const write = await denialOf(proxied.client, 'write_file', { path: 7, content: 'x' });
      assert.equal((write.data as { reasons: string[] }).reasons, ['write_file: path must be a string']);
    } finally {
      await Promise.all([proxied.close(), plain.close()]);
    }
    const listing = (await readEntries(box.journal)).find((e) => e.method === 'tools/list' && e.direction === 'server_to_client');
    assert.equal(listing?.hidden_tools, ['run_command']);
  } finally {
    await box.remove();
  }
});

test.run();
