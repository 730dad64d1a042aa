/**
 * Interop with the official SDK on both ends: an SDK `McpServer` connected to each session
 * transport the listener accepts, driven by the SDK `Client` over `StreamableHTTPClientTransport`,
 * once per session revision. The client always asks for its latest revision, so the older
 * ones are requested by rewriting the initialize request on its way out.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport as SdkTransport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { CallToolResultSchema, CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Transport } from '../../../../transports/contract.js';
import { StreamableHttpListener } from '../../../../transports/http/server/listener.js';
import { interopServer } from '../../interop-server.js';
import { delay } from '../../recorder.js';
import { anonymous } from './fixtures.js';
import { until } from '../../../support/until.js';

const VERSIONS = ['2025-03-26', '2025-06-18', '2025-11-25'];

interface Harness {
  readonly listener: StreamableHttpListener;
  readonly client: Client;
  readonly clientTransport: StreamableHTTPClientTransport;
  readonly sessions: Transport[];
  readonly closedSessions: Transport[];
  /** Tool `wait` records its cancellation here. */
  readonly cancelled: string[];
  /** Last-Event-ID of every GET the client made to resume a stream. */
  readonly resumptions: string[];
  /** The answer to every POST calling tool `wait`: whether the listener ended it. */
  readonly waitAnswers: Array<{ ended: boolean }>;
  /** Cuts the HTTP connection of every POST whose body mentions `cut-me`. */
  cutConnections(): void;
  /** Lets tool `resumable` finish. */
  release(): void;
  dispose(): Promise<void>;
}

/** The shared interop server plus the tools only the HTTP tests need (cancellation, resumption). */
function buildServer(harness: { cancelled: string[]; gate: Promise<void> }): McpServer {
  const server = interopServer('interop-server');
  server.registerTool('wait', { description: 'waits to be cancelled' }, async (extra) => {
    await new Promise<void>((resolve) => extra.signal.addEventListener('abort', () => resolve()));
    harness.cancelled.push(String(extra.requestId));
    return { content: [] };
  });
  server.registerTool('resumable', { description: 'progress, a pause, more progress' }, async (extra) => {
    const token = extra._meta!.progressToken!;
    await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: 1, message: 'cut-me' } });
    await harness.gate;
    await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: 2 } });
    return { content: [{ type: 'text', text: 'resumed' }] };
  });
  return server;
}

async function connect(version: string): Promise<Harness> {
  let release!: () => void;
  const state = { cancelled: [] as string[], gate: new Promise<void>((resolve) => (release = resolve)) };
  const sessions: Transport[] = [];
  const closedSessions: Transport[] = [];
  const listener = new StreamableHttpListener({ url: new URL('http://127.0.0.1:0/mcp'), authenticator: anonymous });
  listener.onsession = async ({ transport }) => {
    sessions.push(transport);
    transport.onclose = () => void closedSessions.push(transport);
    // Same shape at run time; only the message types differ (JsonValue versus unknown params).
    await buildServer(state).connect(transport as unknown as SdkTransport);
  };
  await listener.start();

  const cutters = new Set<AbortController>();
  const resumptions: string[] = [];
  const waitAnswers: Array<{ ended: boolean }> = [];
  const cuttable: typeof fetch = async (input, init) => {
    const lastEventId = new Headers(init?.headers).get('last-event-id');
    if (init?.method === 'GET' && lastEventId !== null) resumptions.push(lastEventId);
    const cut = new AbortController();
    const signal = init?.signal ? AbortSignal.any([init.signal, cut.signal]) : cut.signal;
    const response = await fetch(input, { ...init, signal });
    if (init?.method === 'POST' && String(init.body).includes('"resumable"')) cutters.add(cut);
    if (init?.method === 'POST' && String(init.body).includes('"wait"') && response.body) return watchedEnd(response, waitAnswers);
    return response;
  };
  const clientTransport = new VersionedClientTransport(version, new URL(listener.url), {
    fetch: cuttable,
    reconnectionOptions: { initialReconnectionDelay: 20, maxReconnectionDelay: 100, reconnectionDelayGrowFactor: 1.5, maxRetries: 5 },
  });
  const client = new Client({ name: 'interop-client', version: '1.0.0' }, { capabilities: { sampling: {} } });
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({ model: 'test-model', role: 'assistant', content: { type: 'text', text: 'pong' } }));
  await client.connect(clientTransport);
  return {
    listener, client, clientTransport, sessions, closedSessions, cancelled: state.cancelled, release, resumptions, waitAnswers,
    cutConnections: () => {
      for (const cut of cutters) cut.abort();
      cutters.clear();
    },
    dispose: async () => {
      release();
      await client.close();
      await listener.close();
    },
  };
}

/** The response as the client reads it, noting in `answers` when the server ends its body. */
function watchedEnd(response: Response, answers: Array<{ ended: boolean }>): Response {
  const answer = { ended: false };
  answers.push(answer);
  const body = response.body!.pipeThrough(new TransformStream({ flush: () => void (answer.ended = true) }));
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** The SDK client as a client of an older revision: only the version it asks for changes. */
class VersionedClientTransport extends StreamableHTTPClientTransport {
  constructor(private readonly version: string, url: URL, options: ConstructorParameters<typeof StreamableHTTPClientTransport>[1]) {
    super(url, options);
  }

  override send(message: JSONRPCMessage, options?: Parameters<StreamableHTTPClientTransport['send']>[1]): Promise<void> {
    if ('method' in message && message.method === 'initialize') {
      message = { ...message, params: { ...message.params, protocolVersion: this.version } };
    }
    return super.send(message, options);
  }
}

for (const version of VERSIONS) {
  const test = suite(`listener with the SDK, ${version}`);
  let h: Harness;
  test.before.each(async () => {
    h = await connect(version);
  });
  test.after.each(async () => {
    await h.dispose();
  });

  test('initialize negotiates the revision and opens one session; tools/list and tools/call work', async () => {
    assert.is(h.clientTransport.protocolVersion, version);
    assert.is(h.sessions.length, 1);
    assert.is(h.clientTransport.sessionId, h.sessions[0]!.sessionId);
    const { tools } = await h.client.listTools();
    assert.equal(tools.map((tool) => tool.name).sort(), ['ask', 'count', 'echo', 'resumable', 'wait']);
    assert.is(h.sessions[0]!.protocolVersion, version);
    const result = await h.client.callTool({ name: 'echo', arguments: { text: 'héllo 🙂' } });
    assert.equal(result.content, [{ type: 'text', text: 'héllo 🙂' }]);
  });

  test('progress notifications reach the client on the request stream, before the result', async () => {
    const progress: number[] = [];
    const result = await h.client.callTool({ name: 'count', arguments: { n: 3 } }, CallToolResultSchema, { onprogress: (p) => progress.push(p.progress) });
    assert.equal(progress, [1, 2, 3]);
    assert.equal(result.content, [{ type: 'text', text: 'counted 3' }]);
  });

  test('a sampling request from the server is answered by the client within the tool call', async () => {
    const result = await h.client.callTool({ name: 'ask', arguments: {} });
    assert.equal(result.content, [{ type: 'text', text: 'client said pong' }]);
  });

  test('cancelling a call reaches the server tool, and ends the answer that will now get no response', async () => {
    const controller = new AbortController();
    const call = h.client.callTool({ name: 'wait', arguments: {} }, CallToolResultSchema, { signal: controller.signal });
    await delay(50);
    controller.abort('changed my mind');
    await call.then(() => assert.unreachable('the call was cancelled'), () => undefined);
    await until(() => h.cancelled.length === 1, 'the tool saw the cancellation');
    await until(() => h.waitAnswers.length === 1 && h.waitAnswers[0]!.ended, 'the answer to the cancelled call ended');
  });

  test('a request stream cut mid-call is resumed by GET with Last-Event-ID, and the result arrives', async () => {
    const progress: number[] = [];
    const tokens: string[] = [];
    const call = h.client.request(
      { method: 'tools/call', params: { name: 'resumable', arguments: {} } },
      CallToolResultSchema,
      { onprogress: (p) => progress.push(p.progress), onresumptiontoken: (token) => tokens.push(token) },
    );
    await until(() => progress.length === 1, 'the first progress notification');
    h.cutConnections();
    await delay(100);
    h.release();
    const result = await call;
    assert.equal(result.content, [{ type: 'text', text: 'resumed' }]);
    assert.equal(progress, [1, 2]);
    assert.ok(tokens.length >= 2, 'events carry ids the client can resume from');
    assert.equal(h.resumptions, [tokens[0]], 'one GET resumed the request stream after its first event');
  });

  test('terminateSession (DELETE) closes the session transport; the old session id is then unknown', async () => {
    const sessionId = h.clientTransport.sessionId!;
    await h.clientTransport.terminateSession();
    await until(() => h.closedSessions.length === 1, 'the session transport closed');
    const answer = await fetch(h.listener.url, {
      method: 'POST',
      headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json', 'mcp-session-id': sessionId },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    assert.is(answer.status, 404);
  });

  test.run();
}

