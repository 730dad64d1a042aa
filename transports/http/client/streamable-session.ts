/**
 * The Streamable HTTP client side (MCP 2025-03-26 to 2025-11-25): a POST per message, the
 * session id echoed on every request, responses as JSON or SSE, the standalone GET stream,
 * and resumption of broken streams with `Last-Event-ID`.
 */
import type http from 'node:http';
import type { JsonRpcMessage, RequestId } from '../../../engine/protocol/jsonrpc.js';
import { TransportError } from '../../errors.js';
import { isEventStream, isJson, readEventStream, type StreamCursor } from './event-stream.js';
import { discard, exchange } from './http-exchange.js';
import { readJsonBody } from './json-body.js';
import { postMessage } from './message-post.js';
import { answers, requestIdOf, type Posted, type PostOutcome, type UpstreamLink } from './link.js';
import type { Collected } from './bounded-message.js';
import type { Held } from './session-renewal.js';
import { reopenDelayMs } from './reopen-delay.js';
import { httpError, sessionGone, streamLost } from './exchange-errors.js';
import { stopSignal, type OpenRequests } from './open-requests.js';
import { pause, PostFailures } from './post-failures.js';

/** Statuses with which a 2024-11-05 server refuses a POST of initialize to its SSE URL. */
const LEGACY_STATUSES = new Set([400, 404, 405]);
/**
 * Failed reopenings in a row after which a request's stream is given up (error statuses), or the
 * upstream counts as unreachable (no connection at all).
 */
const MAX_REOPEN_FAILURES = 3;
/** Ending the session must not hold up closing. */
const DELETE_TIMEOUT_MS = 2000;

export class StreamableSession {
  sessionId: string | undefined;
  /** The standalone stream: the session it was opened on, and what stops it when a new session opens its own. */
  private standalone: { readonly session: string | undefined; readonly stop: AbortController } | undefined;
  /** Resets and error statuses, as the legacy transport has them. */
  private readonly failures: PostFailures;

  /** `open`: where each request's exchanges (its POST, then any GET resuming its stream) are stopped once cancelled. */
  constructor(private readonly link: UpstreamLink, private readonly open: OpenRequests) {
    this.failures = new PostFailures(link, (held, retries) => this.post(held.body, held.message, false, retries));
  }

  /**
   * POSTs one message; `allowFallback` makes the legacy statuses an outcome instead of an error;
   * `retries` counts the times the server refused it as busy (busy.ts).
   */
  post(body: Buffer, message: JsonRpcMessage, allowFallback: boolean, retries = 0): Posted {
    const { link } = this;
    const sentWith = this.sessionId;
    const id = requestIdOf(message);
    const stop = this.open.track(id);
    const signal = stopSignal(link.signal, stop);
    const sent = postMessage(link, {
      url: link.url,
      headers: { ...this.headers(), accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
      body,
      message,
      signal,
    });
    const outcome = sent.response.then(
      (res) => this.handle(res, { body, message }, sentWith, allowFallback, signal, retries),
      (error: TransportError): PostOutcome => {
        if (!stop?.signal.aborted) this.failures.noResponse(error, id, (lost, lostId) => this.giveUp(lost, lostId, sentWith));
        return 'done';
      },
    );
    this.open.untrackWhen(id, stop, outcome);
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

  /**
   * POSTs a new initialize without a session id (the old one expired: session-renewal.ts) and
   * adopts the session id answered, if any. Resolves with the answer, which is not delivered (the
   * client's session was initialized once and stays so), or with why there is none; other
   * messages on its stream are delivered as usual. Bounded by `requestTimeoutMs` as a whole.
   */
  reinitialize(body: Buffer, id: string): Promise<JsonRpcMessage | TransportError> {
    const headers = { ...this.link.headers() };
    // Nothing is negotiated on the new session yet: the first initialize went without it too.
    delete headers['mcp-protocol-version'];
    return this.askWith(headers, body, id, 'the new initialize', (res) => {
      this.sessionId = undefined;
      this.adoptSessionId(res);
    });
  }

  /**
   * POSTs a request of the transport's own on the current session (the set-up a renewed session
   * repeats) and resolves with its answer, which is not delivered, or with why there is none.
   */
  ask(body: Buffer, id: string, what: string): Promise<JsonRpcMessage | TransportError> {
    return this.askWith(this.headers(), body, id, what, () => undefined);
  }

  private async askWith(headers: Record<string, string>, body: Buffer, id: string, what: string, accepted: (res: http.IncomingMessage) => void): Promise<JsonRpcMessage | TransportError> {
    const { link } = this;
    const signal = AbortSignal.any([link.signal, AbortSignal.timeout(link.requestTimeoutMs)]);
    const sent = exchange(link.lanes.requests, {
      url: link.url, method: 'POST', headers: { ...headers, accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
      body, timeoutMs: link.requestTimeoutMs, signal,
    });
    const res = await sent.response.catch((error: TransportError) => error);
    if (res instanceof TransportError) return res;
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      discard(res);
      return httpError(`answered ${what} with an error status`, status, undefined, 'session_renewal_failed');
    }
    accepted(res);
    const answer = await this.answerOf(res, id, what);
    return signal.aborted && answer instanceof TransportError
      ? new TransportError('io_error', `the upstream did not answer ${what} within ${link.requestTimeoutMs} ms`, { detail: { reason: 'timeout' }, cause: answer })
      : answer;
  }

  /** The response to request `id` in a POST's body, JSON or SSE; anything else on it is delivered. */
  private async answerOf(res: http.IncomingMessage, id: string, what: string): Promise<JsonRpcMessage | TransportError> {
    const { link } = this;
    let answer: JsonRpcMessage | undefined;
    const take = (data: Collected): void => {
      const decoded = link.decode(data);
      if (decoded instanceof TransportError) return;
      if (answers(decoded, id)) answer = decoded;
      else link.deliver(decoded);
    };
    if (isJson(res)) take(await readJsonBody(res, link.flow, link.maxMessageBytes));
    else if (isEventStream(res)) {
      const cursor: StreamCursor = { lastEventId: undefined, retryMs: undefined };
      await readEventStream(res, link.flow, link.maxMessageBytes, cursor, (type, data) => type === 'message' && answer === undefined && take(data));
    } else discard(res);
    return answer ?? new TransportError('io_error', `the upstream did not answer ${what}`, { detail: { reason: 'session_renewal_failed' } });
  }

  /** `signal` ends with the transport, and for a request when it is abandoned: nothing more is reported of it then. */
  private async handle(res: http.IncomingMessage, held: Held, sentWith: string | undefined, allowFallback: boolean, signal: AbortSignal, retries: number): Promise<PostOutcome> {
    const { message } = held;
    const status = res.statusCode ?? 0;
    this.failures.responded();
    const id = requestIdOf(message);
    if (allowFallback && LEGACY_STATUSES.has(status)) {
      discard(res);
      return 'fallback';
    }
    if (isInitialize(message)) this.adoptSessionId(res);
    if (!(await this.accepted(res, held, sentWith, signal, retries))) return 'done';
    if (status === 202) discard(res);
    else if (isJson(res)) await this.take(res, id, sentWith, signal);
    else if (isEventStream(res)) await this.follow(res, id, sentWith, signal);
    else {
      discard(res);
      if (id !== undefined) this.link.report(httpError(`answered with an unexpected content type`, status, id, 'unexpected_content_type'));
    }
    if ('method' in message && message.method === 'notifications/initialized') this.openStandalone();
    return 'done';
  }

  /** The server-to-client stream outside any request, opened once the session is initialized. */
  private openStandalone(): void {
    if (this.standalone && this.standalone.session === this.sessionId) return;
    this.standalone?.stop.abort();
    const stop = new AbortController();
    this.standalone = { session: this.sessionId, stop };
    void this.runStream(undefined, { answered: false }, undefined, this.sessionId, AbortSignal.any([this.link.signal, stop.signal]));
  }

  /**
   * False for an error status, once it was dealt with: a 404 to a POST sent on a session means it
   * expired (link.expired); any other is what post-failures.ts says.
   */
  private async accepted(res: http.IncomingMessage, held: Held, sentWith: string | undefined, signal: AbortSignal, retries: number): Promise<boolean> {
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return true;
    if (status === 404 && sentWith !== undefined) {
      discard(res);
      void this.link.expired(httpError('says the session has expired', status, requestIdOf(held.message), 'session_expired'), sentWith, held);
      return false;
    }
    await this.failures.refused(res, held, signal, retries);
    return false;
  }

  private adoptSessionId(res: http.IncomingMessage): void {
    const value = res.headers['mcp-session-id'];
    // The spec allows only visible ASCII; anything else would be unsafe to echo in a header.
    if (typeof value === 'string' && /^[\x21-\x7e]+$/.test(value)) this.sessionId = value;
  }

  /**
   * Delivers a POST's JSON body. For a request that body is its one answer, so a body that is
   * something else (a notification, a message cut off or unreadable) means no response will come:
   * the request is given up at once instead of waiting for the engine's timeout.
   */
  private async take(res: http.IncomingMessage, id: RequestId | undefined, session: string | undefined, signal: AbortSignal): Promise<void> {
    const body = await readJsonBody(res, this.link.flow, this.link.maxMessageBytes);
    if (signal.aborted) return;
    const received = this.link.receive(body, id);
    if (id !== undefined && !answers(received, id)) this.giveUp(httpError('sent a JSON body that is not the response to the request', 200, id, 'stream_ended'), id, session);
  }

  /** Reads a POST's SSE response; if it breaks before the answer, resumes it where the server allows. */
  private async follow(res: http.IncomingMessage, id: RequestId | undefined, session: string | undefined, signal: AbortSignal): Promise<void> {
    const cursor: StreamCursor = { lastEventId: undefined, retryMs: undefined };
    const state = { answered: false };
    await readEventStream(res, this.link.flow, this.link.maxMessageBytes, cursor, (type, data) => this.onEvent(type, data, id, state));
    if (id === undefined || state.answered || signal.aborted) return;
    if (cursor.lastEventId === undefined) {
      this.giveUp(httpError('ended the response stream before the response', 200, id, 'stream_ended'), id, session);
      return;
    }
    await this.runStream(id, state, cursor, session, signal);
  }

  private onEvent(type: string, data: Parameters<UpstreamLink['receive']>[0], id: RequestId | undefined, state: { answered: boolean }): void {
    if (type !== 'message') return;
    const received = this.link.receive(data, id);
    if (id !== undefined && answers(received, id)) state.answered = true;
  }

  /**
   * A GET stream, reopened with `Last-Event-ID` whenever it drops, after the server's `retry`
   * delay doubled per failed reopening (reopen-delay.ts): the standalone one (no id; runs until
   * close, and losing it never ends the session) or the resumption of request `id`'s stream
   * (runs until its response came, or gives that request up). Either belongs to the session it
   * was opened on: a request's stream is not resumed on a new session (which never saw the
   * request), and a new session opens its own standalone stream (`signal` stops the old one).
   */
  private async runStream(
    id: RequestId | undefined, state: { answered: boolean }, cursor: StreamCursor = { lastEventId: undefined, retryMs: undefined },
    session = this.sessionId, signal = this.link.signal,
  ): Promise<void> {
    let failures = 0;
    let first = id === undefined;
    while (!signal.aborted && !state.answered) {
      if (!first && !(await pause(reopenDelayMs(failures, cursor.retryMs), signal))) return;
      first = false;
      if (session !== this.sessionId) {
        if (id !== undefined) this.link.report(sessionGone(id));
        return;
      }
      const res = await this.get(id, cursor.lastEventId, signal).catch((error: TransportError) => error);
      if (signal.aborted) return;
      if (!(res instanceof TransportError) && res.statusCode === 404 && session !== undefined) {
        discard(res);
        // Ends this stream: a request's is named in the report, a renewed session opens its own standalone one.
        void this.link.expired(httpError('says the session has expired', 404, id, 'session_expired'), session);
        return;
      }
      if (res instanceof TransportError || !okStream(res)) {
        failures++;
        if (!this.reopenFailed(res, id, failures, cursor)) return;
        continue;
      }
      failures = 0;
      await readEventStream(res, this.link.flow, this.link.maxMessageBytes, cursor, (type, data) => this.onEvent(type, data, id, state));
    }
  }

  /**
   * Handles a failed reopening; false when the stream is not to be tried again. A server that
   * answers with an error status is alive: the standalone stream is retried for as long as the
   * session lasts, a request's is given up. No connection at all, three times in a row, means the
   * upstream is unreachable, as the next POST would find: that ends the transport.
   */
  private reopenFailed(res: TransportError | http.IncomingMessage, id: RequestId | undefined, failures: number, cursor: StreamCursor): boolean {
    const exhausted = failures >= MAX_REOPEN_FAILURES;
    if (res instanceof TransportError) {
      // No id: closing answers every open request, and a router may retry them elsewhere.
      if (exhausted) this.link.fail(streamLost(res, undefined, failures));
      else if (id === undefined) this.link.report(streamLost(res, undefined, failures, reopenDelayMs(failures, cursor.retryMs)));
      return !exhausted;
    }
    const status = res.statusCode;
    discard(res);
    if (id === undefined) {
      // 405: the server offers no standalone stream, which is its right.
      if (status !== 405) this.link.report(streamLost(res, undefined, failures, reopenDelayMs(failures, cursor.retryMs)));
      return status !== 405;
    }
    if (status !== 405 && !exhausted) return true;
    this.giveUp(streamLost(res, id, failures), id, this.sessionId);
    return false;
  }

  /**
   * Stops waiting for request `id`'s response: reported with its id (the engine answers the
   * requester at once), and cancelled upstream, since the server would otherwise run it on;
   * unless the request's `session` expired meanwhile, taking the request with it.
   */
  private giveUp(error: TransportError, id: RequestId, session: string | undefined): void {
    this.link.report(error);
    if (session === this.sessionId) this.link.cancel(id, error.message);
  }

  /** A resumed request stream stays in the request lane: it replaces the POST's connection. */
  private get(id: RequestId | undefined, lastEventId: string | undefined, signal: AbortSignal): Promise<http.IncomingMessage> {
    const headers: Record<string, string> = { ...this.headers(), accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const { link } = this;
    const agent = id === undefined ? link.lanes.messages : link.lanes.requests;
    return exchange(agent, { url: link.url, method: 'GET', headers, timeoutMs: link.requestTimeoutMs, signal }).response;
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
