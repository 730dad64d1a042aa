/**
 * The MCP SDK's own pieces for the WebSocket interop tests: the shared interop McpServer and
 * the global WebSocket the SDK's WebSocket client needs (test/support/global-websocket.ts).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import '../../support/global-websocket.js';
import type { Authenticator } from '../../../transports/auth/authenticator.js';
import { interopServer } from '../interop-server.js';

/** Lets everyone in: the SDK's WebSocket client cannot send credentials. */
export const OPEN_DOOR: Authenticator = {
  scheme: 'none',
  async authenticate() {
    return { ok: true, principal: { id: 'anonymous', authenticated_by: 'none', claims: {}, roles: [] } };
  },
};

export function buildServer(): McpServer {
  return interopServer('ws-interop-server');
}
