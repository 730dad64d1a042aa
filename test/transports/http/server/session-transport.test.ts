import { Agent, request as httpRequest } from 'node:http';
import type { AcceptedSession } from '../../../../transports/contract.js';
import { StreamableHttpListener } from '../../../../transports/http/server/listener.js';
import { runTransportContract } from '../../contract.suite.js';
import { anonymous, openStream, POST_HEADERS } from './fixtures.js';
import { DeliveryProbe, HttpSessionPeer, OPENING_ID } from './session-peer.js';

runTransportContract('streamable-http session', async ({ maxMessageBytes }) => {
  const listener = new StreamableHttpListener({ url: new URL('http://127.0.0.1:0/mcp'), authenticator: anonymous, maxMessageBytes });
  const accepted = new Promise<AcceptedSession>((resolve) => {
    listener.onsession = async (session) => resolve(session);
  });
  await listener.start();
  const agent = new Agent({ keepAlive: false });
  const opening = { jsonrpc: '2.0', id: OPENING_ID, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'contract', version: '0' } } };
  // Never answered: the suite owns the transport and does not speak MCP. Closing the session ends it.
  httpRequest(listener.url, { method: 'POST', headers: POST_HEADERS, agent }).on('error', () => undefined).end(JSON.stringify(opening));
  const { transport } = await accepted;
  const stream = await openStream(listener.url, 'GET', { accept: 'text/event-stream', 'mcp-session-id': transport.sessionId! }, undefined, agent);
  const probe = new DeliveryProbe(transport);
  return {
    transport: probe,
    peer: new HttpSessionPeer(listener.url, transport.sessionId!, stream, probe, agent),
    dispose: async () => {
      stream.close();
      await listener.close();
      agent.destroy();
    },
  };
});
