/**
 * The MCP SDK's own pieces for interop tests: an McpServer with tools that exercise every
 * direction (results, progress, a server->client request), and the global WebSocket the SDK's
 * WebSocket client needs (test/support/global-websocket.ts).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CreateMessageResultSchema } from '@modelcontextprotocol/sdk/types.js';
import '../../support/global-websocket.js';
import { z } from 'zod';
import type { Authenticator } from '../../../transports/auth/authenticator.js';

/** Lets everyone in: the SDK's WebSocket client cannot send credentials. */
export const OPEN_DOOR: Authenticator = {
  scheme: 'none',
  async authenticate() {
    return { ok: true, principal: { id: 'anonymous', authenticated_by: 'none', claims: {}, roles: [] } };
  },
};

export function buildServer(): McpServer {
  const server = new McpServer({ name: 'ws-interop-server', version: '1.0.0' });
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
