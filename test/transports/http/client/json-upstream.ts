/**
 * A Streamable HTTP server in JSON response mode (the SDK's `enableJsonResponse`, and what many
 * stateless servers do): the answer to a POSTed request is its response body, so the response
 * headers come only with the result. Notifications and responses get 202 at once. Its tool
 * `gather` answers once `size` calls are open at the same time, or after `patienceMs`, saying
 * which; it records the order requests arrived in.
 */
import http from 'node:http';
import type { JsonRpcMessage, RequestId } from '../../../../engine/protocol/jsonrpc.js';

export interface JsonUpstream {
  readonly url: URL;
  /** Ids of the requests and methods of the notifications, as the handler got them. */
  readonly arrivals: Array<RequestId | string>;
  close(): Promise<void>;
}

export async function jsonUpstream(size: number, patienceMs: number): Promise<JsonUpstream> {
  const arrivals: Array<RequestId | string> = [];
  const waiting: Array<(gathered: boolean) => void> = [];
  const answer = (res: http.ServerResponse, message: JsonRpcMessage): void => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(message));
  };
  const server = http.createServer((req, res) => {
    // No standalone GET stream (the spec's 405), and any session ends.
    if (req.method !== 'POST') return void res.writeHead(req.method === 'DELETE' ? 200 : 405).end();
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const message = JSON.parse(Buffer.concat(parts).toString('utf8')) as { id?: RequestId; method?: string };
      arrivals.push(message.id ?? message.method ?? '?');
      if (message.id === undefined || message.method === undefined) return void res.writeHead(202).end();
      if (message.method === 'initialize') {
        return answer(res, { jsonrpc: '2.0', id: message.id, result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'json', version: '1' } } });
      }
      const id = message.id;
      const timer = setTimeout(() => release(false), patienceMs);
      const respond = (gathered: boolean): void => {
        clearTimeout(timer);
        answer(res, { jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: gathered ? 'gathered' : 'alone' }] } });
      };
      waiting.push(respond);
      if (waiting.length >= size) release(true);
    });
  });
  const release = (gathered: boolean): void => {
    for (const respond of waiting.splice(0)) respond(gathered);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    arrivals,
    close: async () => {
      release(false);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
