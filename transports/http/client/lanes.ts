/**
 * The connections of one upstream session, in two pools. A POST carrying a request may hold its
 * connection for as long as the tool runs (its answer streams, or waits for the result), and the
 * tool may be waiting for a message only a later POST brings: the answer to the server's own
 * sampling, elicitation or roots request, or a cancellation. Were those later POSTs to queue for a
 * socket behind the requests, every socket could be held by a request that waits for them: a
 * deadlock. So each lane has its own pool, and a request never waits for a socket either: the MCP
 * SDK's client (fetch, no per-origin connection limit) opens a connection per request, and so do
 * we, up to a bound past which a request is refused at once (see `full`).
 */
import http from 'node:http';
import https from 'node:https';
import type { JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { requestIdOf } from './link.js';

/**
 * Requests open at once (HTTP/1.1 spends a connection on each): far above the handful to few
 * dozen tool calls an agent runs in parallel, yet a bound on what one session may hold open.
 */
const DEFAULT_MAX_OPEN_REQUESTS = 128;
/**
 * Notifications and responses are answered 202 at once; these sockets turn over quickly. One of
 * them carries the standalone (or legacy) GET stream.
 */
const MESSAGE_SOCKETS = 8;

export class Lanes {
  /** POSTs carrying requests, and the GETs resuming their streams: a connection per open request. */
  readonly requests: http.Agent;
  /** Everything else: notifications, responses, the standalone or legacy GET stream, DELETE. */
  readonly messages: http.Agent;
  private open = 0;

  constructor(url: URL, readonly maxOpenRequests = DEFAULT_MAX_OPEN_REQUESTS) {
    this.requests = createAgent(url, maxOpenRequests);
    this.messages = createAgent(url, MESSAGE_SOCKETS);
  }

  /** The pool a POST of `message` travels in. */
  agentFor(message: JsonRpcMessage): http.Agent {
    return requestIdOf(message) === undefined ? this.messages : this.requests;
  }

  /**
   * True when `maxOpenRequests` are open: the next request is refused rather than made to wait,
   * since a request waiting for a socket would hold up the messages sent after it, and the open
   * requests may be waiting for one of those.
   */
  get full(): boolean {
    return this.open >= this.maxOpenRequests;
  }

  /** Counts a request as open until its exchange is over (`outcome` settles). */
  hold(outcome: Promise<unknown>): void {
    this.open++;
    const release = (): void => {
      this.open--;
    };
    void outcome.then(release, release);
  }

  destroy(): void {
    this.requests.destroy();
    this.messages.destroy();
  }
}

function createAgent(url: URL, maxSockets: number): http.Agent {
  const options = { keepAlive: true, maxSockets };
  return url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}
