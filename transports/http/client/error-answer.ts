/**
 * The JSON-RPC error response an upstream may put in the body of an HTTP error status. The spec
 * (2025-06-18, Transports) lets a server answer a POSTed request it cannot accept with an HTTP
 * error status and "MAY" a JSON-RPC error response with no id; servers commonly send one for the
 * request's id (-32602 for bad params, say). That answer says more than the bare status does, so
 * it is delivered as the response, and the policy sees it like any other. Only a bounded
 * `application/json` body holding an error response to exactly this request counts: anything
 * else (another id, a result, HTML) leaves the status to speak for itself.
 *
 * A 429 or 503 with `Retry-After` says more than the error response: when to try again, which
 * the status alone would have told the requester (`data.retry_after_ms`, busy.ts). So the delay
 * is added to the error's `data`, beside what the upstream put there, never over it.
 */
import type http from 'node:http';
import { isJsonObject, type JsonObject, type JsonRpcError, type JsonValue, type RequestId } from '../../../engine/protocol/jsonrpc.js';
import { keepDerivedText } from '../../../engine/protocol/exact-integers.js';
import { decodeMessage } from '../../framing/message-codec.js';
import { discard } from './http-exchange.js';
import { isJson } from './event-stream.js';
import { readJsonBody } from './json-body.js';
import type { ReadFlow } from './read-flow.js';

/** An error response is a code and a sentence or two; a larger body is not one worth reading. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Reads the body of an error-status answer to request `id`; the error response it holds, if any. */
export async function readErrorAnswer(res: http.IncomingMessage, flow: ReadFlow, id: RequestId, limit: number): Promise<JsonRpcError | undefined> {
  if (!isJson(res)) {
    discard(res);
    return undefined;
  }
  const body = await readJsonBody(res, flow, Math.min(limit, MAX_ERROR_BODY_BYTES));
  if ('error' in body) return undefined;
  const decoded = decodeMessage(body.bytes);
  if ('error' in decoded) return undefined;
  const { message } = decoded;
  return 'error' in message && !('method' in message) && message.id === id ? message : undefined;
}

/**
 * `answer` with `retry_after_ms` in its error's `data`: set as `{ retry_after_ms }` when there is
 * none, added to an object's members. An upstream's own `retry_after_ms`, and `data` that is no
 * object (a string, a list), are its words and stay as they are.
 */
export function withRetryAfter(answer: JsonRpcError, retryAfterMs: number | undefined): JsonRpcError {
  const { data } = answer.error;
  const room = data === undefined || (isJsonObject(data) && !('retry_after_ms' in data));
  if (retryAfterMs === undefined || !room) return answer;
  const delayed = (value: JsonValue | undefined): JsonObject => ({ ...(value as JsonObject | undefined), retry_after_ms: retryAfterMs });
  // The error object as parsed, JSON throughout: built on again from its marked form, so that
  // integers only its text held exactly stay exact.
  const source = answer.error as unknown as JsonObject;
  const error = keepDerivedText(source, { ...answer.error, data: delayed(data) }, (marked) => ({ ...marked, data: delayed(marked.data) }));
  return { ...answer, error };
}
