#!/usr/bin/env node
/**
 * A stdio MCP server for the fault tests that writes down every line it receives (to the file
 * in argv[2], one line each, synchronously) so a test can tell exactly what reached it.
 * argv[3] = "hang": it never answers tools/call. It offers one tool, read_file, which the
 * shipped policies allow.
 */
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [record, mode] = process.argv.slice(2);
if (!record) {
  process.stderr.write('usage: recording-server.js RECORD_FILE [hang]\n');
  process.exit(2);
}

interface Request { id?: string | number; method?: string; params?: { protocolVersion?: string } }

const answer = (id: string | number, result: unknown): void => {
  process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id, result })}\n`);
};

function handle(message: Request): void {
  if (message.id === undefined || message.method === undefined) return;
  switch (message.method) {
    case 'initialize':
      return answer(message.id, { protocolVersion: message.params?.protocolVersion ?? '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'recording', version: '0' } });
    case 'tools/list':
      return answer(message.id, { tools: [{ name: 'read_file', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } }] });
    case 'tools/call':
      if (mode !== 'hang') answer(message.id, { content: [{ type: 'text', text: 'ok' }] });
      return;
    case 'ping':
      return answer(message.id, {});
    default:
      process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'method not found' } })}\n`);
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  appendFileSync(record, `${line}\n`);
  handle(JSON.parse(line) as Request);
});
