/**
 * examples/multi-upstream as its README says to run it: `warden run --config
 * examples/multi-upstream/warden.yaml` from the repository root (here a directory whose dist/
 * and node_modules/ are this build's and the repository's, so the test runs the build it was
 * compiled into). Both servers come up and are namespaced, the policy's name rule still holds.
 */
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StderrLog } from '../../examples/demo/stderr-log.js';
import { callText, denialOf } from './support/clients.js';
import { ROOT, WARDEN } from './support/repo.js';

test('the multi-upstream example runs as its README says, with both servers namespaced', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'warden-example-root-'));
  const home = await mkdtemp(path.join(tmpdir(), 'warden-example-home-'));
  await symlink(path.dirname(path.dirname(WARDEN)), path.join(root, 'dist'));
  await symlink(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  const transport = new StdioClientTransport({
    command: process.execPath, args: [WARDEN, 'run', '--config', path.join(ROOT, 'examples/multi-upstream/warden.yaml')],
    cwd: root, env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: home }, stderr: 'pipe',
  });
  const stderr = new StderrLog(transport.stderr as Readable);
  const client = new Client({ name: 'example', version: '1.0.0' });
  try {
    await client.connect(transport);
    const tools = (await client.listTools()).tools.map((t) => t.name);
    for (const name of ['ev__echo', 'ws__read_file', 'ws__list_files']) assert.ok(tools.includes(name), `${name} in ${tools.join(', ')}`);
    assert.ok(tools.every((n) => /^(ev|ws)__/.test(n)));
    assert.not.ok(tools.includes('ev__get-env'), 'the example policy hides get-env');
    assert.ok((await client.listResources()).resources.some((r) => r.uri.startsWith('ev+demo://')));
    assert.is(callText(await client.callTool({ name: 'ev__echo', arguments: { message: 'hi' } })), 'Echo: hi');
    assert.match((await denialOf(client, 'ev__get-env', {})).message, /get-env/);
  } catch (error) {
    throw new Error(`${String(error)}\n${stderr.text}`);
  } finally {
    await client.close();
    await rm(root, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  }
});

test.run();
