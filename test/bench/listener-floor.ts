/**
 * warden's own Streamable HTTP listener answering from memory, for `make bench`: the listener,
 * its checks and the session transport, and nothing else (no engine, no journal, no upstream).
 * Set beside the HTTP floor (a bare node:http server) it shows what the listener itself costs,
 * and set beside warden HTTP->stdio, what the rest of the path costs.
 * Run as its own process: `node listener-floor.js` prints `listening on URL`.
 */
import type { JsonObject, JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import { noAuthenticator } from '../../transports/auth/no-auth.js';
import { StreamableHttpListener } from '../../transports/http/server/listener.js';
import { floorResult } from './floor-answers.js';

const listener = new StreamableHttpListener({ url: new URL('http://127.0.0.1:0/mcp'), authenticator: noAuthenticator });
listener.onsession = async ({ transport }) => {
  transport.onmessage = (message: JsonRpcMessage) => {
    if (!('method' in message) || !('id' in message)) return;
    const params = message.params as { protocolVersion?: string } | undefined;
    const result = floorResult(message.method, params?.protocolVersion, 'listener-floor') as JsonObject;
    void transport.send({ jsonrpc: '2.0', id: message.id, result });
  };
  await transport.start();
};
await listener.start();
process.stderr.write(`listening on ${listener.url}\n`);
process.on('SIGTERM', () => void listener.close().then(() => process.exit(0)));
