/**
 * The JSON-RPC error a denied request (or a request whose response was denied) receives.
 * -32003 is in the implementation-defined server-error range and unused by the MCP SDK, which
 * already gives -32001 to timeouts and unknown sessions, so clients can tell a policy denial
 * apart from a transport problem.
 */
import type { JsonRpcError, RequestId } from '../protocol/jsonrpc.js';

export const POLICY_DENIED = -32003;

export function denialError(id: RequestId, reasons: readonly string[], decisionId: string): JsonRpcError {
  const detail = reasons.length > 0 ? `: ${reasons.join('; ')}` : '';
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: POLICY_DENIED,
      message: `Denied by mcp-warden policy${detail}`,
      data: { reasons: [...reasons], decision_id: decisionId },
    },
  };
}
