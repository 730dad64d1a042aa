/**
 * A small 2024-11-05 (HTTP+SSE) server for the tests: GET /sse opens the stream, whose first
 * event names the endpoint, /messages; every message POSTed there becomes a frame (readFrame)
 * once answered 202, except initialize, whose result goes on the stream, and the handshake's
 * notifications/initialized. `onPost` may answer a POST itself, as on StreamablePeer.
 * `liveLegacy` connects a client transport to one, handshake done; `closeLegacy` closes them all.
 */
import http from 'node:http';
import { StreamableHttpClientTransport, type HttpClientTransportOptions } from '../../../../transports/http/client/transport.js';
import { Recorder } from '../../recorder.js';
import { INITIALIZE, INITIALIZED } from './handshaken.js';
import type { PostHandler } from './streamable-peer.js';

export class LegacyPeer {
  onPost: PostHandler | undefined;
  /** Every POST's message, in arrival order, whoever answered it. */
  readonly posted: { id?: unknown; method?: string }[] = [];
  private readonly server: http.Server;
  private stream: http.ServerResponse | undefined;
  private readonly frames: unknown[] = [];
  private wake: (() => void) | undefined;
  private handshakeDone = false;

  private constructor() {
    this.server = http.createServer((req, res) => this.route(req, res));
  }

  static async listen(): Promise<LegacyPeer> {
    const peer = new LegacyPeer();
    await new Promise<void>((resolve) => peer.server.listen(0, '127.0.0.1', resolve));
    return peer;
  }

  get url(): URL {
    const { port } = this.server.address() as { port: number };
    return new URL(`http://127.0.0.1:${port}/sse`);
  }

  /** The next message POSTed and answered 202 here, parsed. */
  async readFrame(timeoutMs = 5000): Promise<unknown> {
    if (this.frames.length === 0) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no frame within ${timeoutMs} ms`)), timeoutMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.frames.shift();
  }

  /** Writes `message` on the stream. */
  push(message: object): void {
    this.stream?.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method === 'GET' && req.url === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream' }).write('event: endpoint\ndata: /messages\n\n');
      this.stream = res;
      return;
    }
    if (req.method !== 'POST' || req.url !== '/messages') {
      res.writeHead(405).end();
      return;
    }
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => this.answer(JSON.parse(Buffer.concat(parts).toString('utf8')) as { id?: unknown; method?: string }, req, res));
  }

  private answer(message: { id?: unknown; method?: string }, req: http.IncomingMessage, res: http.ServerResponse): void {
    this.posted.push(message);
    if (this.onPost?.(message, res, req)) return;
    res.writeHead(202).end('Accepted');
    if (message.method === 'initialize') {
      this.push({ jsonrpc: '2.0', id: message.id, result: { protocolVersion: '2024-11-05', capabilities: {}, serverInfo: { name: 'legacy', version: '1' } } });
      return;
    }
    if (message.method === 'notifications/initialized' && !this.handshakeDone) {
      this.handshakeDone = true;
      return;
    }
    this.frames.push(message);
    this.wake?.();
    this.wake = undefined;
  }
}

export interface LiveLegacy {
  readonly peer: LegacyPeer;
  readonly transport: StreamableHttpClientTransport;
  readonly rec: Recorder;
}

const live: LiveLegacy[] = [];

/** A transport in `sse` mode connected to a LegacyPeer (`prepare` sets it up first), initialized; the handshake is not recorded. */
export async function liveLegacy(prepare?: (peer: LegacyPeer) => void, options: Partial<HttpClientTransportOptions> = {}): Promise<LiveLegacy> {
  const peer = await LegacyPeer.listen();
  prepare?.(peer);
  const transport = new StreamableHttpClientTransport({ url: peer.url, ...options, transportMode: 'sse' });
  let initialized!: () => void;
  const answered = new Promise<void>((resolve) => (initialized = resolve));
  transport.onmessage = () => initialized();
  await transport.start();
  await transport.send(INITIALIZE);
  await answered;
  const rec = new Recorder(transport);
  await transport.send(INITIALIZED);
  const made = { peer, transport, rec };
  live.push(made);
  return made;
}

export async function closeLegacy(): Promise<void> {
  for (const { transport, peer } of live.splice(0)) {
    await transport.close();
    await peer.close();
  }
}
