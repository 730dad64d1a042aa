/**
 * 2026-07-28 requests carry routing facts in headers (`Mcp-Method`, `Mcp-Name`) so that
 * gateways can route without parsing bodies. A firewall that checks the body but lets an
 * intermediary route on a header that says something else would be bypassed, so the two
 * must agree exactly (the spec's HeaderMismatchError, HTTP 400).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { JsonRpcMessage } from '../../../engine/protocol/jsonrpc.js';
import { headerValue, STATELESS_VERSION } from './protocol-version.js';
import { refuse, RPC, type Refused } from './refusal.js';

/** The params member `Mcp-Name` mirrors, per method. */
const NAMED: Readonly<Record<string, string>> = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' };

const VERSION_META = 'io.modelcontextprotocol/protocolVersion';

export function statelessHeaderMismatch(message: JsonRpcMessage, headers: IncomingHttpHeaders): Refused | undefined {
  if (!('method' in message)) return undefined;
  const method = headerValue(headers, 'mcp-method');
  if (method === undefined) return mismatch('the Mcp-Method header is required');
  if (method !== message.method) return mismatch('the Mcp-Method header does not match the method in the body');
  const nameKey = NAMED[message.method];
  const named = nameKey === undefined ? undefined : message.params?.[nameKey];
  if (typeof named === 'string') {
    const name = headerValue(headers, 'mcp-name');
    if (name === undefined) return mismatch('the Mcp-Name header is required');
    if (name !== named) return mismatch('the Mcp-Name header does not match the body');
  }
  const meta = message.params?._meta;
  const version = meta && typeof meta === 'object' && !Array.isArray(meta) ? meta[VERSION_META] : undefined;
  if (version !== undefined && version !== STATELESS_VERSION) return mismatch('the protocol version in _meta does not match MCP-Protocol-Version');
  return undefined;
}

function mismatch(message: string): Refused {
  return refuse(400, 'header_mismatch', message, RPC.headerMismatch);
}
