/** Authenticators, requests and an SSE reader shared by the listener's tests. */
import { request as httpRequest, type Agent, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { Principal } from '../../../../engine/decision/input.js';
import type { Authenticator } from '../../../../transports/auth/authenticator.js';
import { Inbox } from '../../../support/inbox.js';

export function principal(id: string): Principal {
  return { id, authenticated_by: 'test', claims: {}, roles: [] };
}

/** Everyone is `tester`. */
export const anonymous: Authenticator = { scheme: 'none', authenticate: async () => ({ ok: true, principal: principal('tester') }) };

/** `Authorization: Bearer <name>` authenticates as <name>; anything else is refused. */
export const bearerNames: Authenticator = {
  scheme: 'test-bearer',
  authenticate: async (headers) => {
    const match = /^Bearer (\w+)$/.exec(String(headers.authorization ?? ''));
    if (match) return { ok: true, principal: principal(match[1]!) };
    return { ok: false, code: 'missing_credentials', message: 'no bearer token', challenge: 'Bearer realm="warden"' };
  },
};

export const POST_HEADERS = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

export interface Answer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** One HTTP exchange read to the end. */
export function exchange(url: string, method: string, headers: OutgoingHttpHeaders, body?: string | Buffer, agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A request whose response is read as it streams (SSE). */
export function openStream(url: string, method: string, headers: OutgoingHttpHeaders, body?: string, agent?: Agent): Promise<SseReader> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent }, (res) => resolve(new SseReader(res)));
    req.on('error', reject);
    req.end(body);
  });
}

export interface SseEvent {
  readonly id?: string;
  readonly data: Buffer;
}

/**
 * Reads server-sent events off a response with its own few lines of parsing, so a framing
 * bug in the code under test cannot hide itself. Comments (keepalives) are counted, not returned.
 */
export class SseReader {
  comments = 0;
  ended = false;
  private readonly inbox = new Inbox<SseEvent>('event');
  private pending = '';

  constructor(readonly res: IncomingMessage) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => this.take(chunk));
    res.on('end', () => this.finish());
    res.on('close', () => this.finish());
    res.on('error', () => undefined);
  }

  get status(): number {
    return this.res.statusCode!;
  }

  next(timeoutMs = 5000): Promise<SseEvent> {
    return this.inbox.next(timeoutMs);
  }

  async json(timeoutMs?: number): Promise<{ id?: string; message: Record<string, unknown> }> {
    const event = await this.next(timeoutMs);
    return { id: event.id, message: JSON.parse(event.data.toString('utf8')) as Record<string, unknown> };
  }

  /** Resolves when the server ended the stream. */
  async untilEnd(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('the event stream did not end');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): void {
    this.res.destroy();
  }

  private take(chunk: string): void {
    this.pending += chunk;
    for (let end = this.pending.indexOf('\n\n'); end !== -1; end = this.pending.indexOf('\n\n')) {
      this.parse(this.pending.slice(0, end));
      this.pending = this.pending.slice(end + 2);
    }
  }

  private parse(block: string): void {
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments++;
      else if (line.startsWith('id:')) id = line.slice(3).replace(/^ /, '');
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) this.inbox.push({ id, data: Buffer.from(data.join('\n'), 'utf8') });
  }

  private finish(): void {
    this.ended = true;
    this.inbox.end();
  }
}
