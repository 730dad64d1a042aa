/**
 * Protocol fidelity: every message `warden run` writes to its client (results it forwards, the
 * filtered tool list, and its own denial errors) validates against the official MCP JSON Schema
 * of the revision the session negotiated. Skips when ../shared/mcp-schema is absent.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ROOT, WARDEN, WORKSPACE_SERVER } from './support/repo.js';
import { createSandbox, type Sandbox } from './support/sandbox.js';

const SCHEMAS = path.resolve(ROOT, '..', 'shared', 'mcp-schema');
const REVISIONS = ['2025-03-26', '2025-06-18', '2025-11-25'];

/** Validators for the revision's definitions: the envelope and the results this session gets. */
function validators(revision: string): (definition: string) => ValidateFunction {
  const schema = JSON.parse(readFileSync(path.join(SCHEMAS, revision, 'schema.json'), 'utf8')) as Record<string, unknown>;
  const modern = String(schema.$schema).includes('2020-12');
  const ajv = modern ? new Ajv2020({ strict: true, allowUnionTypes: true }) : new Ajv({ strict: false });
  (addFormats as unknown as (a: unknown) => void)(ajv);
  ajv.addSchema(schema, 'mcp');
  return (definition) => ajv.compile({ $ref: `mcp#/${modern ? '$defs' : 'definitions'}/${definition}` });
}

const RESULT_OF: Record<string, string> = { 1: 'InitializeResult', 2: 'ListToolsResult', 3: 'CallToolResult' };

/** Sends the requests one at a time over warden's stdin and collects each reply. */
async function session(box: Sandbox, revision: string): Promise<object[]> {
  const child = spawn(process.execPath, [WARDEN, 'run', '--policies', box.policies, '--journal', path.join(box.dir, `journal-${revision}`), '--',
    process.execPath, WORKSPACE_SERVER, box.workspace], { env: box.env, stdio: ['pipe', 'pipe', 'ignore'] });
  const replies: object[] = [];
  let buffered = '';
  let waiting: (() => void) | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
      replies.push(JSON.parse(buffered.slice(0, i)) as object);
      buffered = buffered.slice(i + 1);
      waiting?.();
    }
  });
  const send = (message: object): Promise<void> => new Promise((resolve) => {
    const want = replies.length + ('id' in message ? 1 : 0);
    waiting = () => { if (replies.length >= want) resolve(); };
    child.stdin.write(`${JSON.stringify(message)}\n`);
    if (!('id' in message)) resolve();
  });
  const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: revision, capabilities: {}, clientInfo: { name: 'schema-check', version: '1' } } });
  await send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  await send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  await send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'read_file', arguments: { path: 'notes.txt' } } });
  await send({ jsonrpc: '2.0', id: 'four', method: 'tools/call', params: { name: 'write_file', arguments: { path: 'notes.txt', content: 'x' } } });
  await send({ jsonrpc: '2.0', id: 5, method: 'ping' });
  child.stdin.end();
  await new Promise((resolve) => child.on('close', resolve));
  clearTimeout(kill);
  return replies;
}

if (!existsSync(SCHEMAS)) {
  console.log('mcp schema: skipped, ../shared/mcp-schema is not present');
} else {
  let box: Sandbox;
  test.before(async () => {
    box = await createSandbox();
  });
  test.after(() => box.remove());

  for (const revision of REVISIONS) {
    test(`every message warden sends validates against MCP ${revision}`, async () => {
      const schema = validators(revision);
      const envelope = schema('JSONRPCMessage');
      const replies = await session(box, revision);
      assert.is(replies.length, 5, JSON.stringify(replies));
      for (const message of replies) {
        assert.ok(envelope(message), `${JSON.stringify(message)}\n${JSON.stringify(envelope.errors)}`);
        const { id, result } = message as { id: unknown; result?: unknown };
        const definition = RESULT_OF[String(id)];
        if (!definition) continue;
        const validate = schema(definition);
        assert.ok(validate(result), `${definition}: ${JSON.stringify(result)}\n${JSON.stringify(validate.errors)}`);
      }
      const denied = replies.find((m) => (m as { id?: unknown }).id === 'four') as { error?: { code: number; data?: { reasons?: unknown[] } } };
      assert.is(denied.error?.code, -32003, 'the write outside the allowed prefix is denied by warden');
      assert.ok(Array.isArray(denied.error?.data?.reasons));
    });
  }
}

test.run();
