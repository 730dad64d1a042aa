/**
 * HTTP-level refusals: the status, a stable reason code for the journal, and the JSON-RPC
 * error body the client reads. Codes avoid -32001, which the SDK uses for request timeouts
 * and unknown sessions, so a client never mistakes a refusal for one of those.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestId } from '../../../engine/protocol/jsonrpc.js';
import { isNumberMarker, unmarkNumbers } from '../../../engine/protocol/number-markers.js';

/** JSON-RPC error codes of refusal bodies. */
export const RPC = {
  /** Refused at the HTTP level (origin, host, authentication, session, method). */
  refused: -32000,
  /** `Mcp-Method` / `Mcp-Name` do not mirror the body (2026-07-28 HeaderMismatchError). */
  headerMismatch: -32020,
  invalidRequest: -32600,
  parseError: -32700,
} as const;

export interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly rpcCode: number;
  /** For the client and the journal; never holds a credential or payload bytes. */
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Method and id of the refused message, when its body was read. */
  readonly method?: string;
  readonly requestId?: RequestId;
  /** Answered but not reported to `onrejected` (a session the gateway itself refused). */
  readonly unreported?: boolean;
}

/** Thrown by request handlers; the listener reports it to `onrejected`, then answers it. */
export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

export function refuse(status: number, code: string, message: string, rpcCode: number = RPC.refused, extra: Partial<Refusal> = {}): Refused {
  return new Refused({ ...extra, status, code, rpcCode, message });
}

/**
 * Bytes of an oversize body read and thrown away before its 413: a client still uploading when
 * the connection closes (fetch, and so the MCP SDK) sees only a write error, never the answer.
 * Discarding keeps nothing in memory; past this much the connection is closed anyway.
 */
export const DISCARD_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Writes the refusal unless the response already started. A 413 also closes the connection,
 * once the rest of the oversize body, which was never kept, has been read and thrown away (up
 * to DISCARD_MAX_BYTES).
 */
export function answerRefusal(res: ServerResponse, refusal: Refusal, headers: Readonly<Record<string, string>>): void {
  if (res.headersSent || res.writableEnded) return;
  const req = res.req as IncomingMessage | undefined;
  if (refusal.status === 413 && req && !req.complete) {
    discardThen(req, () => writeRefusal(res, refusal, headers));
    return;
  }
  writeRefusal(res, refusal, headers);
}

function discardThen(req: IncomingMessage, answer: () => void): void {
  const declared = Number(req.headers['content-length']);
  if (declared > DISCARD_MAX_BYTES) return answer();
  let discarded = 0;
  const done = (): void => {
    req.off('data', onData).off('end', done).off('close', done).off('error', done);
    answer();
  };
  const onData = (chunk: Buffer): void => {
    discarded += chunk.length;
    if (discarded > DISCARD_MAX_BYTES) done();
  };
  req.on('data', onData).on('end', done).on('close', done).on('error', done);
  req.resume();
}

function writeRefusal(res: ServerResponse, refusal: Refusal, headers: Readonly<Record<string, string>>): void {
  if (res.headersSent || res.writableEnded) return;
  const json = JSON.stringify({ jsonrpc: '2.0', ...idMember(refusal), error: { code: refusal.rpcCode, message: refusal.message } });
  // An id past 2^53 (or a fraction) is echoed as the client wrote it (number-markers.ts).
  const body = isNumberMarker(refusal.requestId) ? unmarkNumbers(json) : json;
  res.writeHead(refusal.status, {
    ...headers,
    ...refusal.headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...(refusal.status === 413 ? { connection: 'close' } : {}),
  });
  res.end(body);
}

/**
 * JSON-RPC answers with the refused request's id when its body was read, and null when it was
 * not. A 2026-07-28 HeaderMismatchError may not carry null (its RequestId is a string or an
 * integer), so there an unknown id is left out.
 */
function idMember(refusal: Refusal): { id?: RequestId | null } {
  if (refusal.requestId !== undefined) return { id: refusal.requestId };
  return refusal.rpcCode === RPC.headerMismatch ? {} : { id: null };
}
