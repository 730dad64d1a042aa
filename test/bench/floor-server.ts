/**
 * The floor of any HTTP->stdio bridge, for `make bench`: a Streamable HTTP "server" that answers
 * from memory, no session logic, no upstream. Whatever the SDK client spends against it (fetch,
 * HTTP parsing, JSON) every bridge pays too, so the target ratios can be read against it.
 * Run as its own process: `node floor-server.js` prints `listening on URL`.
 */
import { createServer } from 'node:http';
import { floorResult } from './floor-answers.js';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: unknown; method?: string; params?: { protocolVersion?: string } };
    if (message.id === undefined) return void res.writeHead(202).end();
    const result = floorResult(message.method, message.params?.protocolVersion, 'floor');
    const body = JSON.stringify({ jsonrpc: '2.0', id: message.id, result });
    res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'floor' }).end(body);
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address) process.stderr.write(`listening on http://127.0.0.1:${address.port}/mcp\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
