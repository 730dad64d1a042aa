/**
 * A Streamable HTTP client transport connected to a real StreamablePeer, its handshake done,
 * with what it receives recorded; every one made is closed, with its peer, by `closeLive`
 * (each test file calls it after each test).
 */
import type { MessageExtra } from '../../../../transports/contract.js';
import { StreamableHttpClientTransport, type HttpClientTransportOptions } from '../../../../transports/http/client/transport.js';
import { Recorder } from '../../recorder.js';
import { Handshaken } from './handshaken.js';
import { StreamablePeer } from './streamable-peer.js';

export interface LiveUpstream {
  readonly peer: StreamablePeer;
  readonly transport: StreamableHttpClientTransport;
  readonly rec: Recorder;
  /** The extra each received message came with, in order. */
  readonly extras: (MessageExtra | undefined)[];
}

const live: LiveUpstream[] = [];

export async function liveUpstream(options: Partial<HttpClientTransportOptions> = {}, prepare?: (peer: StreamablePeer) => void): Promise<LiveUpstream> {
  const peer = await StreamablePeer.listen();
  prepare?.(peer);
  const transport = new StreamableHttpClientTransport({ url: peer.url, ...options });
  const wrapped = new Handshaken(transport, peer);
  const rec = new Recorder(wrapped);
  const extras: (MessageExtra | undefined)[] = [];
  const recorded = wrapped.onmessage!;
  wrapped.onmessage = (message, extra) => {
    extras.push(extra);
    recorded(message, extra);
  };
  await wrapped.start();
  const made = { peer, transport, rec, extras };
  live.push(made);
  return made;
}

export async function closeLive(): Promise<void> {
  for (const { transport, peer } of live.splice(0)) {
    await transport.close();
    await peer.close();
  }
}
