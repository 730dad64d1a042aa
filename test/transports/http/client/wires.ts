/**
 * The two wire protocols of the HTTP client transport, Streamable HTTP and legacy HTTP+SSE, each
 * on a real upstream, for the tests of what both share (post-failures.ts, busy.ts) to run over both.
 */
import type { StreamableHttpClientTransport } from '../../../../transports/http/client/transport.js';
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
}

export const WIRES: Record<string, (handler: PostHandler) => Promise<Wired>> = {
  'Streamable HTTP': async (handler) => {
    const { transport, rec, peer } = await liveUpstream({ transportMode: 'streamable-http' }, (p) => { p.onPost = handler; });
    return { transport, rec, next: async (ms) => JSON.parse((await peer.readFrame(ms)).toString('utf8')) as unknown };
  },
  'legacy HTTP+SSE': async (handler) => {
    const { transport, rec, peer } = await liveLegacy((p) => { p.onPost = handler; });
    return { transport, rec, next: (ms) => peer.readFrame(ms) };
  },
};

/** Closes whichever upstream a test opened; for test.after.each. */
export async function closeWires(): Promise<void> {
  await closeLive();
  await closeLegacy();
}
