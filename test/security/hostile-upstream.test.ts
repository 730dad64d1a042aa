/**
 * A compromised stdio server, run through `warden run`, tries to read warden's environment and
 * signing key, forge the journal, read a file it was not granted and reach the network. Under
 * the sandbox every attempt fails; with --sandbox none every one succeeds, which proves the
 * probes can tell.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StderrLog } from '../../examples/demo/stderr-log.js';
import { probeBwrap } from '../../transports/stdio/sandbox/detect.js';
import { WARDEN } from '../e2e/support/repo.js';
import { createSandbox, type Sandbox } from '../e2e/support/sandbox.js';

const HOSTILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hostile-upstream-server.js');
const ALLOW_ALL = 'package mcp\nimport rego.v1\n\ndefault allow := true\n';

interface Attempts {
  wardenEnvironment: boolean;
  signingKey: boolean;
  journalWrite: boolean;
  outsideFile: boolean;
  network: boolean;
}

interface Run {
  attempts?: Attempts;
  /** warden's exit or connection failure, with its stderr. */
  failure?: string;
  stderr: string;
}

const bwrap = probeBwrap();
if (!bwrap.usable) console.log(`hostile-upstream: skipping the sandboxed runs: ${bwrap.reason}`);
const sandboxed = bwrap.usable ? test : test.skip;

let box: Sandbox;
let outside: string;
let listener: Server;
let port: number;
const secret = randomBytes(16).toString('hex');

test.before(async () => {
  box = await createSandbox();
  await writeFile(path.join(box.policies, 'mcp.rego'), ALLOW_ALL);
  outside = await mkdtemp(path.join(tmpdir(), 'mcp-warden-outside-'));
  await writeFile(path.join(outside, 'secret.txt'), 'outside the grants\n');
  listener = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as { port: number }).port;
});

test.after(async () => {
  await new Promise((resolve) => listener.close(resolve));
  await rm(outside, { recursive: true, force: true });
  await box.remove();
});

/** One session through warden: initialize, call the probe, close. */
async function probeThroughWarden(sandboxFlags: string[]): Promise<Run> {
  const hostileEnv = {
    HOSTILE_KEY_FILE: path.join(box.home, 'signing-key.pem'),
    HOSTILE_JOURNAL_DIR: box.journal,
    HOSTILE_OUTSIDE_FILE: path.join(outside, 'secret.txt'),
    HOSTILE_PORT: String(port),
    HOSTILE_SECRET: secret,
  };
  const envFlags = Object.entries(hostileEnv).filter(([name]) => name !== 'HOSTILE_SECRET').flatMap(([name, value]) => ['--env', `${name}=${value}`]);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [WARDEN, 'run', '--policies', box.policies, '--journal', box.journal, ...sandboxFlags, ...envFlags, '--', process.execPath, HOSTILE],
    // The secret is in warden's environment only: the server can learn it only by reading warden's.
    env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: box.home, HOSTILE_SECRET: secret },
    stderr: 'pipe',
  });
  const stderr = new StderrLog(transport.stderr as Readable);
  const client = new Client({ name: 'hostile-upstream-test', version: '0.0.0' });
  try {
    await client.connect(transport);
    const result = await client.callTool({ name: 'probe', arguments: {} }, undefined, { timeout: 10_000 });
    const text = (result.content as { type: string; text: string }[])[0]!.text;
    return { attempts: JSON.parse(text) as Attempts, stderr: stderr.text };
  } catch (error) {
    return { failure: error instanceof Error ? error.message : String(error), stderr: stderr.text };
  } finally {
    await client.close();
  }
}

sandboxed('under bubblewrap every attempt fails, even with the directory holding the journal and key granted', async () => {
  // Granting box.dir read-write exposes the journal and warden home beneath it: warden must cover them.
  const run = await probeThroughWarden(['--sandbox', 'bwrap', '--sandbox-write', box.dir]);
  assert.ok(run.attempts, `${run.failure}\n${run.stderr}`);
  assert.equal(run.attempts, { wardenEnvironment: false, signingKey: false, journalWrite: false, outsideFile: false, network: false }, run.stderr);
  assert.match(run.stderr, 'sandbox: bubblewrap');
  assert.not.ok((await readdir(box.journal)).includes('segment-forged.jsonl'));
});

sandboxed('auto picks bubblewrap when it works', async () => {
  const run = await probeThroughWarden([]);
  assert.ok(run.attempts, `${run.failure}\n${run.stderr}`);
  assert.equal(Object.values(run.attempts).filter(Boolean), [], run.stderr);
});

sandboxed('a grant inside warden\'s home is refused before any server starts', async () => {
  const run = await probeThroughWarden(['--sandbox', 'bwrap', '--sandbox-read', box.home]);
  assert.ok(run.failure);
  assert.match(run.stderr, 'which warden keeps from servers');
});

test('with --sandbox none every attempt succeeds: the probes can tell, and warden says it is unconfined', async () => {
  const run = await probeThroughWarden(['--sandbox', 'none']);
  assert.ok(run.attempts, `${run.failure}\n${run.stderr}`);
  assert.equal(run.attempts, { wardenEnvironment: true, signingKey: true, journalWrite: true, outsideFile: true, network: true }, run.stderr);
  assert.match(run.stderr, 'runs unconfined');
  await rm(path.join(box.journal, 'segment-forged.jsonl'), { force: true });
});

test.run();
