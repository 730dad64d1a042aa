import { StreamableHttpClientTransport } from '../../../../transports/http/client/transport.js';
import { runTransportContract } from '../../contract.suite.js';
import { Handshaken } from './handshaken.js';
import { StreamablePeer } from './streamable-peer.js';

runTransportContract('StreamableHttpClientTransport', async ({ maxMessageBytes }) => {
  const peer = await StreamablePeer.listen();
  const transport = new StreamableHttpClientTransport({ url: peer.url, maxMessageBytes, transportMode: 'streamable-http' });
  return { transport: new Handshaken(transport, peer), peer, dispose: () => peer.close() };
});
