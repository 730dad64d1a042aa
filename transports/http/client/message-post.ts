/**
 * How either wire half (Streamable HTTP, legacy HTTP+SSE) POSTs one message: in its lane, and
 * bounded as that message's answer is.
 *
 * Sending (connect, a pooled socket, the body handed to it) is always bounded by
 * `requestTimeoutMs`: a server that never takes the message must not hold it forever. What comes
 * after depends on the message, not on the protocol:
 * - A request has an answer, which the engine's request timeout bounds (and which cancels the
 *   request upstream, closing this POST: open-requests.ts). Until the answer, the POST's
 *   response headers may be held without fault: over Streamable HTTP a server answering in JSON
 *   sends them with the result; over HTTP+SSE (2024-11-05) the answer comes on the stream, and
 *   the POST's own response is an acknowledgment the spec puts no deadline on (a server may
 *   acknowledge only once its session has taken the message). A second bound on the headers
 *   would end the whole transport for a request that is merely slow. Over HTTP+SSE a POST
 *   outliving its answer is closed by legacy-session.ts.
 * - A notification or a response has no answer: the POST's response is all there is of its
 *   exchange, and servers of both protocols answer it 202 at once. Nothing else would ever end
 *   its wait, so its headers stay bounded by `requestTimeoutMs`.
 */
import type { JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { exchange, type Exchange } from './http-exchange.js';
import { requestIdOf, type UpstreamLink } from './link.js';

export interface MessagePost {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly message: JsonRpcMessage;
  /** Ends with the transport, and for a request when it is abandoned. */
  readonly signal: AbortSignal;
}

export function postMessage(link: UpstreamLink, post: MessagePost): Exchange {
  const { url, headers, body, message, signal } = post;
  return exchange(link.lanes.agentFor(message), {
    url,
    method: 'POST',
    headers,
    body,
    timeoutMs: link.requestTimeoutMs,
    answerUnbounded: requestIdOf(message) !== undefined,
    signal,
  });
}
