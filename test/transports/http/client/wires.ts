/**
 * The two wire protocols of the HTTP client transport, Streamable HTTP and legacy HTTP+SSE, each
 * on a real upstream, for the tests of what both share (post-failures.ts, busy.ts,
 * message-post.ts) to run over both.
 */
import type { ServerResponse } from 'node:http';
import type { JsonRpcMessage } from '../../../../engine/protocol/jsonrpc.js';
import type { HttpClientTransportOptions, StreamableHttpClientTransport } from '../../../../transports/http/client/transport.js';
import type { Recorder } from '../../recorder.js';
import { closeLegacy, liveLegacy } from './legacy-peer.js';
import { closeLive, liveUpstream } from './live-upstream.js';
import type { PostHandler } from './streamable-peer.js';

/** A client transport, handshake done, on a real upstream whose POSTs `handler` may answer first. */
export interface Wired {
  readonly transport: StreamableHttpClientTransport;
  readonly rec: Recorder;
  /** The next message the upstream took (answered 202), parsed. */
  next(timeoutMs?: number): Promise<unknown>;
  /**
   * Answers a request the handler kept, whose POST `res` is, as the wire does: in the POST's
   * response, in JSON (Streamable HTTP), or on the stream, the POST acknowledged 202 (legacy).
   */
  respond(res: ServerResponse, answer: JsonRpcMessage): void;
}

export const WIRES: Record<string, (handler: PostHandler, options?: Partial<HttpClientTransportOptions>) => Promise<Wired>> = {
  'Streamable HTTP': async (handler, options) => {
    const { transport, rec, peer } = await liveUpstream({ ...options, transportMode: 'streamable-http' }, (p) => { p.onPost = handler; });
    return {
      transport, rec,
      next: async (ms) => JSON.parse((await peer.readFrame(ms)).toString('utf8')) as unknown,
      respond: (res, answer) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)),
    };
  },
  'legacy HTTP+SSE': async (handler, options) => {
    const { transport, rec, peer } = await liveLegacy((p) => { p.onPost = handler; }, options);
    return {
      transport, rec,
      next: (ms) => peer.readFrame(ms),
      respond: (res, answer) => {
        res.writeHead(202).end('Accepted');
        peer.push(answer);
      },
    };
  },
};

/** Closes whichever upstream a test opened; for test.after.each. */
export async function closeWires(): Promise<void> {
  await closeLive();
  await closeLegacy();
}
