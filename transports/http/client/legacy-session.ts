/**
 * The legacy HTTP+SSE transport (MCP 2024-11-05), for servers that predate Streamable HTTP:
 * one long GET stream carries every server message; its first `endpoint` event names the URL
 * each client message is POSTed to. A POST the server refuses or drops is handled as over
 * Streamable HTTP (post-failures.ts): the same busy retries and error answers, and a reset costs
 * only the message it carried.
 */
import type http from 'node:http';
import { finished } from 'node:stream/promises';
import type { JsonRpcMessage, RequestId } from '../../../engine/protocol/jsonrpc.js';
import { TransportError } from '../../errors.js';
import type { Collected } from './bounded-message.js';
import { isEventStream, readEventStream, type StreamCursor } from './event-stream.js';
import { discard, exchange } from './http-exchange.js';
import { answeredId, requestIdOf, type Posted, type UpstreamLink } from './link.js';
import { postMessage } from './message-post.js';
import { stopSignal, type OpenRequests } from './open-requests.js';
import { PostFailures } from './post-failures.js';
import type { Held } from './session-renewal.js';

export class LegacySession {
  private endpoint: URL | undefined;
  private readonly failures: PostFailures;
  /** Per request whose POST is still open: what its answer arriving on the stream starts. */
  private readonly awaitingAnswer = new Map<RequestId, () => void>();

  /** `open`: where each request's POST is stopped once the request is cancelled. */
  constructor(private readonly link: UpstreamLink, private readonly open: OpenRequests) {
    this.failures = new PostFailures(link, (held, retries) => this.post(held.body, held.message, retries));
  }

  /** Opens the stream and resolves once the server named its endpoint; rejects with io_error. */
  async connect(): Promise<void> {
    const { link } = this;
    const res = await exchange(link.lanes.messages, {
      url: link.url,
      method: 'GET',
      headers: { ...link.headers(), accept: 'text/event-stream' },
      timeoutMs: link.requestTimeoutMs,
      signal: link.signal,
    }).response;
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300 || !isEventStream(res)) {
      discard(res);
      throw new TransportError('io_error', `the upstream refused the legacy SSE stream (HTTP ${status})`, { detail: { status, reason: 'legacy_stream_refused' } });
    }
    await this.listen(res);
  }

  /** POSTs one message to the endpoint; `retries` counts the times the server refused it as busy (busy.ts). */
  post(body: Buffer, message: JsonRpcMessage, retries = 0): Posted {
    const { link } = this;
    const id = requestIdOf(message);
    const stop = this.open.track(id);
    const signal = stopSignal(link.signal, stop);
    const sent = postMessage(link, { url: this.endpoint!, headers: { ...link.headers(), 'content-type': 'application/json' }, body, message, signal });
    const outcome = sent.response.then(
      (res) => this.handle(res, { body, message }, signal, retries),
      (error: TransportError) => {
        if (!stop?.signal.aborted) this.failures.noResponse(error, id, (lost, lostId) => this.giveUp(lost, lostId));
        return 'done' as const;
      },
    );
    this.open.untrackWhen(id, stop, outcome);
    if (id !== undefined && stop !== undefined) this.closeOnceAnswered(id, stop, outcome);
    return { handedOff: sent.handedOff, responded: sent.response, outcome };
  }

  /**
   * Once request `id`'s answer came on the stream, its POST has nothing more to bring: it gets
   * `requestTimeoutMs` to end, then is closed quietly (`stop`). Otherwise a server that answers
   * and holds the POST open would keep a connection and a place among `maxOpenRequests` for as
   * long as the session lasts, the engine's timeout having no request left to cancel.
   */
  private closeOnceAnswered(id: RequestId, stop: AbortController, outcome: Promise<unknown>): void {
    let timer: NodeJS.Timeout | undefined;
    const answered = (): void => {
      timer = setTimeout(() => stop.abort(), this.link.requestTimeoutMs);
    };
    this.awaitingAnswer.set(id, answered);
    const settled = (): void => {
      clearTimeout(timer);
      if (this.awaitingAnswer.get(id) === answered) this.awaitingAnswer.delete(id);
    };
    void outcome.then(settled, settled);
  }

  /** Delivers a message of the stream; an answer starts the end of its request's POST. */
  private receive(data: Collected): void {
    const id = answeredId(this.link.receive(data));
    if (id === undefined) return;
    this.awaitingAnswer.get(id)?.();
    this.awaitingAnswer.delete(id);
  }

  /** Answers come over the stream: a POST's own response is only a status, unless it is an error. */
  private async handle(res: http.IncomingMessage, held: Held, signal: AbortSignal, retries: number): Promise<'done'> {
    this.failures.responded();
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) discard(res);
    else await this.failures.refused(res, held, signal, retries);
    // A server may hold the body after the status: the connection is the request's until it ends (closeOnceAnswered).
    await finished(res).catch(() => undefined);
    return 'done';
  }

  /** No answer will come for request `id`: reported with its id (the engine answers it), and cancelled upstream, which may have taken it. */
  private giveUp(error: TransportError, id: RequestId): void {
    this.link.report(error);
    this.link.cancel(id, error.message);
  }

  /** Resolves on the endpoint event; afterwards the stream's end ends the transport. */
  private listen(res: http.IncomingMessage): Promise<void> {
    const { link } = this;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        res.destroy();
        reject(new TransportError('io_error', `the upstream sent no endpoint event within ${link.requestTimeoutMs} ms`, { detail: { reason: 'no_endpoint' } }));
      }, link.requestTimeoutMs);
      const cursor: StreamCursor = { lastEventId: undefined, retryMs: undefined };
      const onEvent = (type: string, data: Collected): void => {
        if (type === 'message') this.receive(data);
        else if (type === 'endpoint' && this.endpoint === undefined) {
          clearTimeout(timer);
          const endpoint = this.resolveEndpoint(data);
          if (endpoint instanceof TransportError) {
            res.destroy();
            reject(endpoint);
          } else {
            this.endpoint = endpoint;
            resolve();
          }
        }
      };
      void readEventStream(res, link.flow, link.maxMessageBytes, cursor, onEvent).then(() => {
        clearTimeout(timer);
        if (this.endpoint === undefined) reject(new TransportError('io_error', 'the upstream SSE stream ended before its endpoint event', { detail: { reason: 'no_endpoint' } }));
        // The 2024-11-05 transport has no resumption: a lost stream is a lost session.
        else link.fail(new TransportError('io_error', 'the upstream SSE stream ended', { detail: { reason: 'stream_lost' } }));
      });
    });
  }

  /** Relative to the SSE URL; another origin would receive our messages and credentials, so it is refused. */
  private resolveEndpoint(data: Collected): URL | TransportError {
    const refused = (reason: string): TransportError =>
      new TransportError('io_error', `the upstream endpoint event is unusable: ${reason.replace(/_/g, ' ')}`, { detail: { reason } });
    if ('error' in data) return refused('endpoint_too_large');
    let endpoint: URL;
    try {
      endpoint = new URL(data.bytes.toString('utf8').trim(), this.link.url);
    } catch {
      return refused('endpoint_invalid');
    }
    return endpoint.origin === this.link.url.origin ? endpoint : refused('cross_origin_endpoint');
  }
}
