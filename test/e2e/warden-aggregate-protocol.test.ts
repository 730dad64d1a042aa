/**
 * The MCP protocol across three upstreams behind one session, with the SDK client, as a client
 * would use it: every list paged through to the end (each upstream's items once, under its
 * namespace; one upstream with its own namespace and separator), resources read by namespaced
 * URI (filled-in templates too), prompts/get, completion/complete for prompt and resource refs,
 * subscriptions (updates namespaced, renewed after the upstream crashed and came back),
 * progress, cancellations both ways, an upstream's list_changed forwarded. What reached each
 * server, and under which name, is read from the fixture's log. And an upstream that is down
 * when the session starts (a Streamable HTTP server not listening yet) does not hold the session
 * up: its tools appear, with list_changed, once it starts.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema, ResourceUpdatedNotificationSchema, ResultSchema, ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { StderrLog } from '../../examples/demo/stderr-log.js';
import { callText } from './support/clients.js';
import { untilValue } from '../support/until.js';
import { EVERYTHING, freePort } from './support/network.js';
import { WARDEN } from './support/repo.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'paging-server.js');
const scratch = await mkdtemp(path.join(tmpdir(), 'warden-agg-protocol-'));
const log = path.join(scratch, 'servers.log');
test.after(() => rm(scratch, { recursive: true, force: true }));

const logLines = async (): Promise<string[]> => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);
const logged = (line: string, times = 1): Promise<true> =>
  untilValue(`"${line}" in the servers' log`, async () => ((await logLines()).filter((l) => l === line).length >= times ? true : undefined));

interface Session {
  client: Client;
  stderr: StderrLog;
  events: string[];
  samplingAborted: () => boolean;
}

async function connect(more: string[] = []): Promise<Session> {
  const policies = path.join(scratch, 'policy');
  await mkdir(policies, { recursive: true });
  await writeFile(path.join(policies, 'mcp.rego'), 'package mcp\n\nimport rego.v1\n\nallow := true\n');
  const server = (label: string): string => JSON.stringify([process.execPath, FIXTURE, label, log]);
  const config = path.join(scratch, 'warden.yaml');
  await writeFile(config, [
    `policies: ${JSON.stringify(policies)}`,
    'upstreams:',
    `  - { name: a, command: ${server('a')}, sandbox: { mode: none } }`,
    `  - { name: b, namespace: bee, separator: ".", command: ${server('b')}, sandbox: { mode: none } }`,
    `  - { name: c, command: ${server('c')}, sandbox: { mode: none } }`,
    ...more.map((u) => `  - ${u}`),
    'routing: { reconnect_max_ms: 500 }', '',
  ].join('\n'));
  const transport = new StdioClientTransport({
    command: process.execPath, args: [WARDEN, 'run', '--config', config, '--journal', path.join(scratch, 'journal')],
    env: { ...getDefaultEnvironment(), MCP_WARDEN_HOME: scratch }, stderr: 'pipe',
  });
  const stderr = new StderrLog(transport.stderr as Readable);
  const client = new Client({ name: 'agg-protocol', version: '1.0.0' }, { capabilities: { sampling: {}, roots: { listChanged: true } } });
  const events: string[] = [];
  let aborted = false;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => { events.push('tools changed'); });
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { events.push(`updated ${n.params.uri}`); });
  // The fixture cancels its sampling request when told roots changed: a cancellation that comes only after the request arrived.
  client.setRequestHandler(CreateMessageRequestSchema, async (_request, extra) => {
    await client.sendRootsListChanged();
    await new Promise((resolve) => extra.signal.addEventListener('abort', resolve));
    aborted = true;
    return { model: 'm', role: 'assistant', content: { type: 'text', text: 'too late' } };
  });
  await client.connect(transport).catch((error: unknown) => { throw new Error(`${String(error)}\n${stderr.text}`); });
  return { client, stderr, events, samplingAborted: () => aborted };
}

/** Every page of a list, in order; fails past 20 pages. */
async function everything(client: Client, method: string, field: string): Promise<string[]> {
  const items: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const result = await client.request({ method, params: cursor === undefined ? {} : { cursor } }, ResultSchema);
    items.push(...(result[field] as Array<{ name?: string; uri?: string; uriTemplate?: string }>).map((i) => i.uriTemplate ?? i.uri ?? i.name!));
    cursor = result.nextCursor as string | undefined;
    if (cursor === undefined) return items;
  }
  throw new Error(`${method} did not end`);
}

const sorted = (items: string[]): string[] => [...items].sort();
const each = (make: (ns: string, label: string) => string[]): string[] => [['a__', 'a'], ['bee.', 'b'], ['c__', 'c']].flatMap(([ns, label]) => make(ns!, label!));

test('lists paged to the end, named requests routed back, subscriptions, progress, cancellations and list_changed across three upstreams', async () => {
  const s = await connect();
  const { client } = s;
  try {
    const toolsOf = (ns: string): string[] => [...['t0', 't1', 't2', 't3', 't4', 'slow', 'change', 'crash', 'ask'].map((t) => ns + t)];
    assert.equal(sorted(await everything(client, 'tools/list', 'tools')), sorted(each((ns) => toolsOf(ns))), 'every tool of every page, once');
    assert.equal(sorted(await everything(client, 'prompts/list', 'prompts')), sorted(each((ns) => ['p0', 'p1', 'p2'].map((p) => ns + p))));
    const uriNs = { a: 'a', b: 'bee', c: 'c' } as Record<string, string>;
    assert.equal(sorted(await everything(client, 'resources/list', 'resources')), sorted(each((_ns, l) => ['r0', 'r1', 'r2'].map((r) => `${uriNs[l]}+mem://${l}/${r}`))));
    assert.equal(sorted(await everything(client, 'resources/templates/list', 'resourceTemplates')), sorted(each((_ns, l) => [`${uriNs[l]}+mem://${l}/{id}`])));
    assert.equal((await client.listTools({ cursor: 'w1.bm90IG91cnM' }).catch((e: { code: number }) => e.code)), -32602, 'a cursor that is not warden\'s is refused');

    assert.is(callText(await client.callTool({ name: 'bee.t1', arguments: { q: 'x' } })), 'b: t1 {"q":"x"}');
    const read = await client.readResource({ uri: 'bee+mem://b/r2' });
    assert.equal(read.contents.map((c) => c.uri), ['bee+mem://b/r2', 'bee+mem://b/linked'], 'every URI in a read result is namespaced');
    assert.match(JSON.stringify(read), /b read mem:\/\/b\/r2/, 'the upstream got its own URI');
    assert.match(JSON.stringify(await client.readResource({ uri: 'c+mem://c/42' })), /c read mem:\/\/c\/42/, 'a filled-in template routes too');
    const prompt = await client.getPrompt({ name: 'c__p1', arguments: { who: 'me' } });
    assert.is((prompt.messages[0]!.content as { text: string }).text, 'c prompt p1 for me');
    assert.equal((await client.complete({ ref: { type: 'ref/prompt', name: 'bee.p0' }, argument: { name: 'who', value: 'x' } })).completion.values, ['b:p0:x']);
    assert.equal((await client.complete({ ref: { type: 'ref/resource', uri: 'a+mem://a/{id}' }, argument: { name: 'id', value: '4' } })).completion.values, ['a:mem://a/{id}:4']);
    await client.readResource({ uri: 'nowhere+mem://x' }).then(() => assert.unreachable('a URI of no upstream is refused'), (e: { code: number }) => assert.is(e.code, -32002));

    await client.subscribeResource({ uri: 'a+mem://a/r0' });
    await untilValue('the update', async () => (s.events.includes('updated a+mem://a/r0') ? true : undefined));
    await logged('a subscribe mem://a/r0');

    let progressed!: () => void;
    const progress = new Promise<void>((resolve) => { progressed = resolve; });
    const stop = new AbortController();
    const slow = client.callTool({ name: 'bee.slow', arguments: {} }, undefined, { signal: stop.signal, onprogress: () => progressed() });
    await progress;
    stop.abort('enough');
    await slow.then(() => assert.unreachable('a cancelled call does not answer'), () => undefined);
    await logged('b slow cancelled');

    assert.match(callText(await client.callTool({ name: 'c__ask', arguments: {} })), /^cancelled/, 'the upstream cancelled its own sampling request');
    assert.ok(s.samplingAborted(), 'the client saw that cancellation, under warden\'s id for the request');
    await logged('c ask cancelled');

    const changes = s.events.filter((e) => e === 'tools changed').length;
    await client.callTool({ name: 'c__change', arguments: {} });
    await untilValue('list_changed from c', async () => (s.events.filter((e) => e === 'tools changed').length > changes ? true : undefined));
    assert.ok((await everything(client, 'tools/list', 'tools')).includes('c__added'));

    await client.callTool({ name: 'a__crash', arguments: {} }).then(() => assert.unreachable('a crash answers nothing'), () => undefined);
    await logged('a started', 2);
    await logged('a subscribe mem://a/r0', 2);
    await untilValue('a\'s tools back', async () => ((await everything(client, 'tools/list', 'tools')).includes('a__t0') ? true : undefined));
    await client.unsubscribeResource({ uri: 'a+mem://a/r0' });
    await logged('a unsubscribe mem://a/r0');
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.stack ?? error.message : String(error)}\nwarden stderr:\n${s.stderr.text}`);
  } finally {
    await client.close();
  }
});

test('an HTTP upstream down when the session starts joins it when it comes up', async () => {
  const port = await freePort();
  const s = await connect([`{ name: late, url: "http://127.0.0.1:${port}/mcp" }`]);
  let everythingHttp: ReturnType<typeof spawn> | undefined;
  try {
    const before = await everything(s.client, 'tools/list', 'tools');
    assert.ok(before.includes('a__t0') && !before.some((n) => n.startsWith('late__')), 'the session is up without it');
    everythingHttp = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], { env: { PATH: process.env.PATH ?? '', PORT: String(port) }, stdio: 'ignore' });
    const changes = s.events.filter((e) => e === 'tools changed').length;
    await untilValue('late\'s tools', async () => ((await everything(s.client, 'tools/list', 'tools')).includes('late__echo') ? true : undefined), 30_000);
    assert.ok(s.events.filter((e) => e === 'tools changed').length > changes, 'list_changed when it came up');
    assert.is(callText(await s.client.callTool({ name: 'late__echo', arguments: { message: 'up' } })), 'Echo: up');
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.stack ?? error.message : String(error)}\nwarden stderr:\n${s.stderr.text}`);
  } finally {
    await s.client.close();
    everythingHttp?.kill();
  }
});

test.run();
