/**
 * A real Streamable HTTP upstream for the client transport's tests (and `make bench`): the SDK's
 * StreamableHTTPServerTransport on node:http, one SDK McpServer per session: by default the
 * interop server, whose `ask` tool sends sampling/createMessage and waits for the answer.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { interopServer } from '../../interop-server.js';

export interface SdkUpstream {
  readonly url: URL;
  close(): Promise<void>;
}

export interface SdkUpstreamOptions {
  /** The server of each session. */
  readonly server?: () => McpServer;
  /** Answer requests in JSON, headers and all only with the result, instead of an SSE stream. */
  readonly jsonResponse?: boolean;
}

export async function sdkUpstream(options: SdkUpstreamOptions = {}): Promise<SdkUpstream> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const server = http.createServer((req, res) => {
    const id = req.headers['mcp-session-id'];
    const known = typeof id === 'string' ? sessions.get(id) : undefined;
    const ready = known ? Promise.resolve(known) : open(sessions, options);
    void ready.then((transport) => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    close: async () => {
      await Promise.all([...sessions.values()].map((transport) => transport.close()));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function open(sessions: Map<string, StreamableHTTPServerTransport>, options: SdkUpstreamOptions): Promise<StreamableHTTPServerTransport> {
  const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
    sessionIdGenerator: randomUUID,
    enableJsonResponse: options.jsonResponse === true,
    onsessioninitialized: (id) => void sessions.set(id, transport),
  });
  await (options.server?.() ?? interopServer('sdk-upstream')).connect(transport);
  return transport;
}
