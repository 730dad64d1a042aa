/**
 * One HTTP request to the upstream over node:http(s), on the keep-alive agent of its lane
 * (lanes.ts). Why not fetch: a send must resolve once its body is handed to the socket, and fetch
 * only tells us when the response headers arrive, which a server answering in JSON holds back
 * until it has the result.
 */
import http from 'node:http';
import https from 'node:https';
import { TransportError } from '../../errors.js';

export interface ExchangeRequest {
  readonly url: URL;
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** Until the response headers arrive (connect included), or with `answerUnbounded` until the request is sent. */
  readonly timeoutMs: number;
  /**
   * Set for a POST carrying a JSON-RPC request (message-post.ts): its headers may come as late as
   * its answer, which may take as long as the tool does. Once the request is on the socket only
   * the engine's request timeout (which also cancels the call upstream) bounds the wait.
   */
  readonly answerUnbounded?: boolean;
  readonly signal: AbortSignal;
}

export interface Exchange {
  /** Resolves once the request (and its body) has been written to the socket. */
  readonly handedOff: Promise<void>;
  /** The response, headers read, body not yet consumed. */
  readonly response: Promise<http.IncomingMessage>;
}

/**
 * Errno codes of a keep-alive socket the server closed while it sat idle in the pool, found only
 * when a request is written to it: a race no client can avoid against a server that closes idle
 * connections without saying when (`Keep-Alive: timeout`), as many servers and proxies do.
 */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

export function exchange(agent: http.Agent, request: ExchangeRequest): Exchange {
  const first = attempt(agent, request);
  let retried: Exchange | undefined;
  // Once, on a connection of its own: the server closed the pooled one before reading anything
  // from it (no byte of a response came), so the message was never taken, as browsers assume.
  const again = (error: unknown): Exchange => {
    if (!(error instanceof TransportError) || !stale.has(error)) throw error;
    retried ??= attempt(false, request);
    return retried;
  };
  const response = first.response.catch((error: unknown) => again(error).response);
  const handedOff = first.handedOff.catch((error: unknown) => again(error).handedOff);
  // Each is awaited by some callers only; an unobserved rejection must not crash the process.
  handedOff.catch(ignore);
  response.catch(ignore);
  return { handedOff, response };
}

/** Errors of requests written to a stale pooled socket (STALE_SOCKET_CODES), before any response. */
const stale = new WeakSet<TransportError>();

function attempt(agent: http.Agent | false, request: ExchangeRequest): Exchange {
  const { url, method, headers, body } = request;
  const requestFn = url.protocol === 'https:' ? https.request : http.request;
  const all = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
  const req = requestFn(url, { method, headers: all, agent, signal: request.signal });
  const timer = setTimeout(() => req.destroy(timeoutError(method, request.timeoutMs)), request.timeoutMs);
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    req.once('error', (cause) => {
      clearTimeout(timer);
      const error = ioError(method, cause);
      if (req.reusedSocket && STALE_SOCKET_CODES.has((cause as NodeJS.ErrnoException).code ?? '')) stale.add(error);
      reject(error);
    });
  });
  const handedOff = new Promise<void>((resolve, reject) => {
    const done = (): void => {
      if (request.answerUnbounded) clearTimeout(timer);
      resolve();
    };
    if (body === undefined) req.end(done);
    else req.end(body, done);
    void response.catch(reject);
  });
  handedOff.catch(ignore);
  response.catch(ignore);
  return { handedOff, response };
}

/** Reads a body to its end and throws it away, so the keep-alive socket can be reused. */
export function discard(res: http.IncomingMessage): void {
  res.on('error', ignore);
  res.resume();
}

function ioError(method: string, cause: Error): TransportError {
  if (cause instanceof TransportError) return cause;
  const code = (cause as NodeJS.ErrnoException).code;
  return new TransportError('io_error', `${method} to the upstream failed: ${cause.message}`, {
    cause,
    detail: { reason: code ?? cause.name },
  });
}

function timeoutError(method: string, timeoutMs: number): TransportError {
  return new TransportError('io_error', `${method} to the upstream got no response within ${timeoutMs} ms`, {
    detail: { reason: 'timeout', timeoutMs },
  });
}

function ignore(): void {}
