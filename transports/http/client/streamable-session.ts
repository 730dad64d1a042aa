/**
 * The Streamable HTTP client side (MCP 2025-03-26 to 2025-11-25): a POST per message, the
 * session id echoed on every request, responses as JSON or SSE, the standalone GET stream,
 * and resumption of broken streams with `Last-Event-ID`.
 */
import type http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonRpcMessage, RequestId } from '../../../engine/protocol/jsonrpc.js';
import { TransportError } from '../../errors.js';
import { isEventStream, isJson, readEventStream, type StreamCursor } from './event-stream.js';
import { discard, exchange } from './http-exchange.js';
import { readJsonBody } from './json-body.js';
import { answers, requestIdOf, type Posted, type PostOutcome, type UpstreamLink } from './link.js';

/** Statuses with which a 2024-11-05 server refuses a POST of initialize to its SSE URL. */
const LEGACY_STATUSES = new Set([400, 404, 405]);
/** The SSE default when the server gives no `retry`. */
const DEFAULT_RETRY_MS = 1000;
/** Failed reconnects in a row before the upstream counts as gone. */
const MAX_RECONNECT_FAILURES = 3;
/** Ending the session must not hold up closing. */
const DELETE_TIMEOUT_MS = 2000;

export class StreamableSession {
  sessionId: string | undefined;
  private standaloneOpened = false;

  constructor(private readonly link: UpstreamLink) {}

  /** POSTs one message; `allowFallback` makes the legacy statuses an outcome instead of an error. */
  post(body: Buffer, message: JsonRpcMessage, allowFallback: boolean): Posted {
    const { link } = this;
    const sent = exchange(link.lanes.agentFor(message), {
      url: link.url,
      method: 'POST',
      headers: { ...this.headers(), accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
      body,
      timeoutMs: link.requestTimeoutMs,
      answerUnbounded: requestIdOf(message) !== undefined,
      signal: link.signal,
    });
    const outcome = sent.response.then(
      (res) => this.handle(res, message, allowFallback),
      (error: TransportError): PostOutcome => {
        link.fail(withId(error, requestIdOf(message)));
        return 'done';
      },
    );
    return { handedOff: sent.handedOff, responded: sent.response, outcome };
  }

  /** Ends the session on the server (DELETE), best effort and bounded. */
  async end(): Promise<void> {
    if (this.sessionId === undefined) return;
    const { link } = this;
    const sent = exchange(link.lanes.messages, {
      url: link.url,
      method: 'DELETE',
      headers: this.headers(),
      timeoutMs: DELETE_TIMEOUT_MS,
      signal: AbortSignal.timeout(DELETE_TIMEOUT_MS),
    });
    await sent.response.then(discard, () => undefined);
  }

  private async handle(res: http.IncomingMessage, message: JsonRpcMessage, allowFallback: boolean): Promise<PostOutcome> {
    const status = res.statusCode ?? 0;
    const id = requestIdOf(message);
    if (allowFallback && LEGACY_STATUSES.has(status)) {
      discard(res);
      return 'fallback';
    }
    if (isInitialize(message)) this.adoptSessionId(res);
    if (!this.accepted(res, id)) return 'done';
    if (status === 202) discard(res);
    else if (isJson(res)) this.link.receive(await readJsonBody(res, this.link.flow, this.link.maxMessageBytes), id);
    else if (isEventStream(res)) await this.follow(res, id);
    else {
      discard(res);
      if (id !== undefined) this.link.report(httpError(`answered with an unexpected content type`, status, id, 'unexpected_content_type'));
    }
    if ('method' in message && message.method === 'notifications/initialized') this.openStandalone();
    return 'done';
  }

  /** The server-to-client stream outside any request, opened once the session is initialized. */
  private openStandalone(): void {
    if (this.standaloneOpened) return;
    this.standaloneOpened = true;
    void this.runStream(undefined, { answered: false });
  }

  /** False (after reporting) for an error status; a 404 on a live session ends the transport. */
  private accepted(res: http.IncomingMessage, id: RequestId | undefined): boolean {
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return true;
    discard(res);
    if (status === 404 && this.sessionId !== undefined) {
      this.link.fail(httpError('says the session has expired', status, id, 'session_expired'));
    } else {
      this.link.report(new TransportError('http_status', `the upstream answered with an error status (HTTP ${status})`, {
        detail: { status, ...(id === undefined ? {} : { id }) },
      }));
    }
    return false;
  }

  private adoptSessionId(res: http.IncomingMessage): void {
    const value = res.headers['mcp-session-id'];
    // The spec allows only visible ASCII; anything else would be unsafe to echo in a header.
    if (typeof value === 'string' && /^[\x21-\x7e]+$/.test(value)) this.sessionId = value;
  }

  /** Reads a POST's SSE response; if it breaks before the answer, resumes it where the server allows. */
  private async follow(res: http.IncomingMessage, id: RequestId | undefined): Promise<void> {
    const cursor: StreamCursor = { lastEventId: undefined, retryMs: undefined };
    const state = { answered: false };
    await readEventStream(res, this.link.flow, this.link.maxMessageBytes, cursor, (type, data) => this.onEvent(type, data, id, state));
    if (id === undefined || state.answered || this.link.signal.aborted) return;
    if (cursor.lastEventId === undefined) {
      this.link.report(httpError('ended the response stream before the response', 200, id, 'stream_ended'));
      return;
    }
    await this.runStream(id, state, cursor);
  }

  private onEvent(type: string, data: Parameters<UpstreamLink['receive']>[0], id: RequestId | undefined, state: { answered: boolean }): void {
    if (type !== 'message') return;
    const received = this.link.receive(data, id);
    if (id !== undefined && answers(received, id)) state.answered = true;
  }

  /**
   * A GET stream, reconnected with `Last-Event-ID` after the server's `retry` delay whenever it
   * drops: the standalone one (no id; runs until close) or the resumption of request `id`'s
   * stream (runs until its response came).
   */
  private async runStream(id: RequestId | undefined, state: { answered: boolean }, cursor: StreamCursor = { lastEventId: undefined, retryMs: undefined }): Promise<void> {
    let failures = 0;
    let first = id === undefined;
    while (!this.link.signal.aborted && !state.answered) {
      if (!first && !(await this.pause(cursor.retryMs ?? DEFAULT_RETRY_MS))) return;
      first = false;
      const res = await this.get(id, cursor.lastEventId).catch((error: TransportError) => error);
      if (res instanceof TransportError || !okStream(res)) {
        if (!(res instanceof TransportError)) {
          discard(res);
          if (res.statusCode === 405) return;
          if (res.statusCode === 404 && this.sessionId !== undefined) {
            this.link.fail(httpError('says the session has expired', 404, id, 'session_expired'));
            return;
          }
        }
        if (++failures >= MAX_RECONNECT_FAILURES) {
          this.link.fail(streamLost(res, id));
          return;
        }
        continue;
      }
      failures = 0;
      await readEventStream(res, this.link.flow, this.link.maxMessageBytes, cursor, (type, data) => this.onEvent(type, data, id, state));
    }
  }

  /** A resumed request stream stays in the request lane: it replaces the POST's connection. */
  private get(id: RequestId | undefined, lastEventId: string | undefined): Promise<http.IncomingMessage> {
    const headers: Record<string, string> = { ...this.headers(), accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const { link } = this;
    const agent = id === undefined ? link.lanes.messages : link.lanes.requests;
    return exchange(agent, { url: link.url, method: 'GET', headers, timeoutMs: link.requestTimeoutMs, signal: link.signal }).response;
  }

  /** Waits before a reconnect; false when the transport closed meanwhile. */
  private async pause(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.link.signal });
      return true;
    } catch {
      return false;
    }
  }

  private headers(): Record<string, string> {
    const headers = this.link.headers();
    if (this.sessionId !== undefined) headers['mcp-session-id'] = this.sessionId;
    return headers;
  }
}

export function isInitialize(message: JsonRpcMessage): boolean {
  return 'method' in message && message.method === 'initialize' && 'id' in message;
}

function okStream(res: http.IncomingMessage): boolean {
  const status = res.statusCode ?? 0;
  return status >= 200 && status < 300 && isEventStream(res);
}

function httpError(what: string, status: number, id: RequestId | undefined, reason: string): TransportError {
  const detail = { status, reason, ...(id === undefined ? {} : { id }) };
  return new TransportError('io_error', `the upstream ${what} (HTTP ${status})`, { detail });
}

function streamLost(last: TransportError | http.IncomingMessage, id: RequestId | undefined): TransportError {
  const status = last instanceof TransportError ? undefined : last.statusCode;
  const detail = { reason: 'stream_lost', ...(status === undefined ? {} : { status }), ...(id === undefined ? {} : { id }) };
  return new TransportError('io_error', `the upstream event stream could not be reopened after ${MAX_RECONNECT_FAILURES} attempts`, {
    detail,
    ...(last instanceof TransportError ? { cause: last } : {}),
  });
}

function withId(error: TransportError, id: RequestId | undefined): TransportError {
  if (id === undefined) return error;
  return new TransportError(error.code, error.message, { detail: { ...error.detail, id }, cause: error.cause ?? error });
}
