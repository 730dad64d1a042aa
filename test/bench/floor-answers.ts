/**
 * What the in-memory floors of `make bench` answer (floor-server.ts, listener-floor.ts): the
 * initialize result, a tools/list naming read_file (bench clients list tools before calling, as
 * agents do), and for anything else the read_file answer.
 */
export const FLOOR_TEXT = 'Meeting at 10:00.\n'.repeat(20);

export function floorResult(method: string | undefined, protocolVersion: string | undefined, server: string): Record<string, unknown> {
  if (method === 'initialize') return { protocolVersion: protocolVersion ?? '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: server, version: '1' } };
  if (method === 'tools/list') return { tools: [{ name: 'read_file', inputSchema: { type: 'object' } }] };
  return { content: [{ type: 'text', text: FLOOR_TEXT }] };
}
