/**
 * The MCP SDK's own pieces for interop tests: an McpServer with tools that exercise every
 * direction (results, progress, a server->client request), and the SDK's WebSocket client,
 * which needs a global WebSocket (Node 22 has one; on Node 20 `ws` stands in, as it does for
 * any Node 20 user of that SDK transport).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CreateMessageResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { WebSocket } from 'ws';
import { z } from 'zod';
import type { Authenticator } from '../../../transports/auth/authenticator.js';

/** Like the WHATWG WebSocket of Node 22 and browsers, it delivers one message per task. */
class WhatwgLikeWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { allowSynchronousEvents: false });
  }
}

(globalThis as { WebSocket?: unknown }).WebSocket ??= WhatwgLikeWebSocket;

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
