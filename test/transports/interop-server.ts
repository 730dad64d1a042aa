/**
 * The SDK McpServer the interop tests connect to each accepted session transport: tools that
 * exercise every direction (a result, progress notifications, a server->client request).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CreateMessageResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

export function interopServer(name: string): McpServer {
  const server = new McpServer({ name, version: '1.0.0' });
  server.registerTool('echo', { description: 'echo', inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
  server.registerTool('count', { description: 'progress', inputSchema: { n: z.number() } }, async ({ n }, extra) => {
    for (let step = 1; step <= n; step++) {
      await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: extra._meta!.progressToken!, progress: step, total: n } });
    }
    return { content: [{ type: 'text', text: `counted ${n}` }] };
  });
  server.registerTool('ask', { description: 'sampling' }, async (extra) => {
    const answer = await extra.sendRequest(
      { method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: 'ping?' } }], maxTokens: 5 } },
      CreateMessageResultSchema,
    );
    return { content: [{ type: 'text', text: `client said ${answer.content.type === 'text' ? answer.content.text : '?'}` }] };
  });
  return server;
}
