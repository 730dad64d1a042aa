/**
 * The floor of any HTTP->stdio bridge written for Node, for `make bench`: a bare node:http server
 * that starts one stdio server per session and relays each POSTed message to it, answering a
 * request with the server's reply as JSON. No policy, no journal, no validation, no SSE, no
 * checks beyond finding the session; what it costs (the HTTP exchange, a third process, the pipe
 * hops and their wake-ups) every HTTP->stdio bridge pays too, so the HTTP target can be read
 * against it. Requests from the server to the client are not relayed: the bench never makes any.
 * Usage: node bridge-floor.js COMMAND ARGS... (prints `listening on URL`).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  process.stderr.write('usage: bridge-floor COMMAND ARGS...\n');
  process.exit(2);
}

interface Upstream {
  child: ChildProcessByStdio<Writable, Readable, null>;
  waiting: Map<string, ServerResponse>;
}

const sessions = new Map<string, Upstream>();

function startUpstream(): Upstream {
  const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const upstream: Upstream = { child, waiting: new Map() };
  createInterface({ input: child.stdout }).on('line', (line) => {
    const reply = JSON.parse(line) as { id?: unknown };
    const key = JSON.stringify(reply.id);
    const res = upstream.waiting.get(key);
    if (!res) return;
    upstream.waiting.delete(key);
    res.writeHead(200, { 'content-type': 'application/json' }).end(line);
  });
  return upstream;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const header = req.headers['mcp-session-id'];
    const id = typeof header === 'string' ? header : undefined;
    if (req.method === 'DELETE' && id) {
      sessions.get(id)?.child.kill();
      sessions.delete(id);
      return void res.writeHead(200).end();
    }
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const body = Buffer.concat(chunks).toString('utf8');
    const message = JSON.parse(body) as { id?: unknown; method?: string };
    let sessionId = id;
    if (message.method === 'initialize') {
      sessionId = randomUUID();
      sessions.set(sessionId, startUpstream());
      res.setHeader('mcp-session-id', sessionId);
    }
    const upstream = sessionId === undefined ? undefined : sessions.get(sessionId);
    if (!upstream) return void res.writeHead(404).end();
    upstream.child.stdin.write(`${body}\n`);
    if (message.id === undefined || message.method === undefined) return void res.writeHead(202).end();
    upstream.waiting.set(JSON.stringify(message.id), res);
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address) process.stderr.write(`listening on http://127.0.0.1:${address.port}/mcp\n`);
});
process.on('SIGTERM', () => {
  for (const upstream of sessions.values()) upstream.child.kill();
  server.close(() => process.exit(0));
});
