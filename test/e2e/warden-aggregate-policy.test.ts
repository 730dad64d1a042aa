/**
 * A policy written for one upstream decides the same way behind aggregation: the end-to-end
 * test policy denies `input.params.name == "get-env"` (and so hides the tool); with two
 * server-everything upstreams behind one warden the client sees `ev__get-env` and `ev2__get-env`,
 * and both stay hidden and denied, while the rest of the lists and calls work under their
 * namespaced names. The journal names the native tool and the upstream, and verifies.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readEntries } from '../../examples/demo/journal-summary.js';
import { StderrLog } from '../../examples/demo/stderr-log.js';
import { denialOf } from './support/clients.js';
import { EVERYTHING, EVERYTHING_POLICY } from './support/network.js';
import { WARDEN } from './support/repo.js';

const run = promisify(execFile);

test('a name-based deny rule written for one upstream denies and hides the same tool behind aggregation', async () => {
  const home = await mkdtemp(path.join(tmpdir(), 'warden-agg-policy-'));
  try {
    const config = path.join(home, 'warden.yaml');
    const everything = `[${JSON.stringify(process.execPath)}, ${JSON.stringify(EVERYTHING)}, stdio]`;
    await writeFile(config, [
      `policies: ${JSON.stringify(EVERYTHING_POLICY)}`,
      'upstreams:',
      `  - { name: ev, command: ${everything}, sandbox: { mode: none } }`,
      `  - { name: ev2, command: ${everything}, sandbox: { mode: none } }`,
      '',
    ].join('\n'));
    const journal = path.join(home, 'journal');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [WARDEN, 'run', '--config', config, '--journal', journal],
      env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: home },
      stderr: 'pipe',
    });
    const stderr = new StderrLog(transport.stderr as Readable);
    const client = new Client({ name: 'agg-policy', version: '0.0.0' });
    await client.connect(transport).catch((error: unknown) => { throw new Error(`${String(error)}\n${stderr.text}`); });
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      for (const ns of ['ev', 'ev2']) {
        assert.ok(tools.includes(`${ns}__echo`), `${ns}__echo listed: ${tools.join(', ')}`);
        assert.not.ok(tools.includes(`${ns}__get-env`), `${ns}__get-env hidden by the single-upstream rule`);
      }
      const denied = await denialOf(client, 'ev__get-env', {});
      assert.match(denied.message, /get-env would reveal/);
      const echoed = await client.callTool({ name: 'ev2__echo', arguments: { message: 'hi' } });
      assert.match(JSON.stringify(echoed), /Echo: hi/);
    } finally {
      await client.close();
    }
    const decisions = (await readEntries(journal)).filter((e) => e.kind === 'decision' && e.method === 'tools/call' && e.message_kind === 'request');
    const envCall = decisions.find((e) => e.tool === 'get-env');
    assert.ok(envCall, 'the denied call is journaled under the upstream\'s own tool name');
    assert.is(envCall!.upstream, 'ev');
    assert.is(envCall!.allow, false);
    const verified = await run(process.execPath, [WARDEN, 'verify', '--public-key', path.join(home, 'signing-key.pem'), journal]).then(() => 0, (e: { code: number }) => e.code);
    assert.is(verified, 0, 'warden verify passes');
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test.run();
