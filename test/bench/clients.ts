/**
 * The one client every transport row uses, the MCP SDK `Client`, connected over stdio, Streamable
 * HTTP or WebSocket, and the one call every row makes, so rows differ only in the path between.
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { WebSocketClientTransport } from '@modelcontextprotocol/sdk/client/websocket.js';
import { WebSocket as WsWebSocket } from 'ws';
import { deadline, HEAP_PROBE, heapProbe } from './processes.js';

const CONNECT_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 5_000;

export interface Connected {
  readonly client: Client;
  /** The process at the other end of a stdio connection, if any. */
  readonly pid: number | undefined;
  /** Its live heap after a forced GC, when it was started with the heap probe (heapProbed). */
  heapUsed?(): Promise<number>;
  /** Ends the session (DELETE for HTTP, so the bridge stops its upstream) and closes the client. */
  close(): Promise<void>;
}

/** A workspace under `work` holding the file readNotes reads; every section serves the same one. */
export async function notesWorkspace(work: string): Promise<string> {
  const workspace = path.join(work, 'workspace');
  await mkdir(workspace);
  await writeFile(path.join(workspace, 'notes.txt'), 'Meeting at 10:00.\n'.repeat(20));
  return workspace;
}

/** The measured call: the same tool and arguments as the stdio rows of bench.ts. */
export function readNotes(client: Client): Promise<unknown> {
  const call = (): Promise<unknown> => client.callTool({ name: 'read_file', arguments: { path: 'notes.txt' } });
  return listed.has(client) ? call() : listedOnce(client).then(call);
}

const listings = new WeakMap<Client, Promise<void>>();
const listed = new WeakSet<Client>();

/**
 * Lists the client's tools once, as an agent does before its first call: warden checks a call's
 * arguments against the schema the tool was listed with, and refuses a tool never listed.
 * Concurrent first calls wait for the same listing.
 */
export function listedOnce(client: Client): Promise<void> {
  let listing = listings.get(client);
  if (listing === undefined) {
    listing = client.listTools().then(() => void listed.add(client));
    listings.set(client, listing);
  }
  return listing;
}

export async function stdioClient(command: string, args: string[], env: Record<string, string>): Promise<Connected> {
  const transport = new StdioClientTransport({ command, args, env: { ...getDefaultEnvironment(), ...env }, stderr: 'ignore' });
  const client = await start(transport);
  return { client, pid: transport.pid ?? undefined, close: () => bounded(client.close()) };
}

/** A stdio connection to a Node script run with the heap probe, which `heapUsed` asks. */
export async function heapProbed(script: string, args: string[], env: Record<string, string>): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath, args: ['--expose-gc', '--import', HEAP_PROBE, script, ...args], env: { ...getDefaultEnvironment(), ...env }, stderr: 'pipe',
  });
  const heapUsed = heapProbe(createInterface({ input: transport.stderr as Readable }), () => process.kill(transport.pid!, 'SIGWINCH'));
  const client = await start(transport);
  return { client, pid: transport.pid ?? undefined, heapUsed, close: () => bounded(client.close()) };
}

export async function httpClient(url: string): Promise<Connected> {
  // A bench client that lost its stream should fail the row, not retry in the background.
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    fetch: fetchUnlinkingAbort,
    reconnectionOptions: { maxRetries: 0, initialReconnectionDelay: 1000, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1 },
  });
  const client = await start(transport);
  const close = async (): Promise<void> => {
    await bounded(transport.terminateSession().catch(() => undefined));
    await bounded(client.close());
  };
  return { client, pid: undefined, close };
}

export async function wsClient(url: string): Promise<Connected> {
  installWebSocket();
  const client = await start(new WebSocketClientTransport(new URL(url)));
  return { client, pid: undefined, close: () => bounded(client.close()) };
}

/**
 * The SDK hands every request the session's one AbortSignal; Node's fetch leaves a listener on
 * it until the request is garbage collected, so a long run piles up thousands (and warnings).
 * Each request gets its own signal instead, linked to the session's only while it needs to be:
 * until a JSON response arrives, or for the whole of an SSE stream.
 */
async function fetchUnlinkingAbort(url: string | URL, init?: RequestInit): Promise<Response> {
  const outer = init?.signal;
  if (!outer) return fetch(url, init);
  // One listener per request in flight, removed as each ends: many at once is not a leak.
  if (getMaxListeners(outer) < 1500) setMaxListeners(1500, outer);
  const inner = new AbortController();
  const abort = (): void => inner.abort(outer.reason);
  if (outer.aborted) abort();
  else outer.addEventListener('abort', abort, { once: true });
  const unlink = (): void => outer.removeEventListener('abort', abort);
  try {
    const response = await fetch(url, { ...init, signal: inner.signal });
    if (!response.headers.get('content-type')?.includes('text/event-stream')) unlink();
    return response;
  } catch (error) {
    unlink();
    throw error;
  }
}

/** Opens `count` connections, at most `parallel` at a time (each may spawn a server process). */
export async function connectMany(count: number, parallel: number, open: () => Promise<Connected>): Promise<Connected[]> {
  const out: Connected[] = [];
  try {
    while (out.length < count) {
      const batch = Math.min(parallel, count - out.length);
      const settled = await Promise.allSettled(Array.from({ length: batch }, open));
      for (const result of settled) if (result.status === 'fulfilled') out.push(result.value);
      const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
    }
    return out;
  } catch (error) {
    await closeAll(out);
    throw error;
  }
}

export async function closeAll(connections: readonly Connected[]): Promise<void> {
  await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
}

async function start(transport: StdioClientTransport | StreamableHTTPClientTransport | WebSocketClientTransport): Promise<Client> {
  const client = new Client({ name: 'mcp-warden-bench', version: '0.0.0' });
  try {
    await deadline(client.connect(transport), CONNECT_TIMEOUT_MS, 'no initialize result');
  } catch (error) {
    await bounded(client.close());
    throw error;
  }
  return client;
}

/** The SDK's WebSocket client uses the global WebSocket, which Node 20 has only behind a flag. */
function installWebSocket(): void {
  const global = globalThis as { WebSocket?: unknown };
  global.WebSocket ??= WsWebSocket;
}

async function bounded(promise: Promise<unknown>): Promise<void> {
  await deadline(promise, CLOSE_TIMEOUT_MS, 'close').catch(() => undefined);
}
