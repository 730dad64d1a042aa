/**
 * A small Streamable HTTP server for the tests: the far end of the client transport's wire.
 * POSTed messages become frames in arrival order (readFrame); writeFrame pushes a message on
 * the standalone GET stream. initialize and notifications/initialized are answered here and
 * kept out of the frames, so the contract suite sees only its own traffic.
 */
import http from 'node:http';
import type { TransportPeer } from '../../contract.suite.js';

export interface LoggedRequest {
  readonly method: string;
  readonly headers: http.IncomingHttpHeaders;
}

/** Answers a POSTed message itself (returns true), or leaves it to the default (202 + frame). */
export type PostHandler = (message: { id?: unknown; method?: string }, res: http.ServerResponse, req: http.IncomingMessage) => boolean;

export const SESSION_ID = 'session-7f3a';
export const PROTOCOL_VERSION = '2025-06-18';

export class StreamablePeer implements TransportPeer {
  readonly requests: LoggedRequest[] = [];
  onPost: PostHandler | undefined;
  /** Answers a GET itself (returns true); default opens the standalone stream. */
  onGet: ((res: http.ServerResponse, req: http.IncomingMessage) => boolean) | undefined;
  private readonly server: http.Server;
  private frames: Buffer[] = [];
  private frameWaiters: (() => void)[] = [];
  private pending: { req: http.IncomingMessage; res: http.ServerResponse }[] = [];
  private pumping = false;
  private paused = false;
  private stream: http.ServerResponse | undefined;
  private handshakeDone = false;
  private streamWaiters: (() => void)[] = [];

  private constructor() {
    this.server = http.createServer((req, res) => this.route(req, res));
  }

  static async listen(): Promise<StreamablePeer> {
    const peer = new StreamablePeer();
    await new Promise<void>((resolve) => peer.server.listen(0, '127.0.0.1', resolve));
    return peer;
  }

  get url(): URL {
    const { port } = this.server.address() as { port: number };
    return new URL(`http://127.0.0.1:${port}/mcp`);
  }

  async writeFrame(payload: string | Uint8Array): Promise<void> {
    const stream = await this.standaloneStream();
    const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
    await new Promise<void>((resolve, reject) => stream.write(`data: ${text}\n\n`, (error) => (error ? reject(error) : resolve())));
  }

  /** The standalone GET stream, once the client has opened it. */
  standaloneStream(): Promise<http.ServerResponse> {
    if (this.stream) return Promise.resolve(this.stream);
    return new Promise((resolve) => this.streamWaiters.push(() => resolve(this.stream!)));
  }

  /** Resolves once the client has issued its standalone GET (whoever answers it). */
  async untilGet(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.requests.some((r) => r.method === 'GET')) {
      if (Date.now() > deadline) throw new Error(`no GET within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async readFrame(timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.frameWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.frames.shift()!;
  }

  pauseReading(): void {
    this.paused = true;
  }

  resumeReading(): void {
    this.paused = false;
    void this.pump();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests.push({ method: req.method ?? '', headers: req.headers });
    if (req.method === 'POST') {
      this.pending.push({ req, res });
      void this.pump();
    } else if (req.method === 'GET') {
      if (!this.onGet?.(res, req)) this.openStream(res);
    }
    else res.writeHead(req.method === 'DELETE' ? 200 : 405).end();
  }

  private openStream(res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    // A short retry keeps the "server went away" tests fast.
    res.write('retry: 50\n\n');
    this.stream = res;
    for (const wake of this.streamWaiters.splice(0)) wake();
  }

  /** POSTs are taken one at a time in arrival order, so frames keep the order they were sent in. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    while (!this.paused && this.pending.length > 0) {
      const { req, res } = this.pending.shift()!;
      const body = await readBody(req);
      if (body !== undefined) this.answer(body, req, res);
    }
    this.pumping = false;
  }

  private answer(body: Buffer, req: http.IncomingMessage, res: http.ServerResponse): void {
    const message = parseOrEmpty(body);
    if (this.onPost?.(message, res, req)) return;
    if (message.method === 'initialize') {
      const result = { protocolVersion: PROTOCOL_VERSION, capabilities: {}, serverInfo: { name: 'peer', version: '1' } };
      res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': SESSION_ID });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
      return;
    }
    res.writeHead(202).end();
    if (message.method === 'notifications/initialized' && !this.handshakeDone) {
      this.handshakeDone = true;
      return;
    }
    this.frames.push(body);
    for (const wake of this.frameWaiters.splice(0)) wake();
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.once('end', () => resolve(Buffer.concat(parts)));
    req.once('error', () => resolve(undefined));
    req.once('close', () => resolve(req.complete ? Buffer.concat(parts) : undefined));
  });
}

function parseOrEmpty(body: Buffer): { id?: unknown; method?: string } {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as { id?: unknown; method?: string }) : {};
  } catch {
    return {};
  }
}
