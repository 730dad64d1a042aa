/**
 * The answer to a request node:http could not read: its headers too slow (the deadlines of
 * server-timeouts.ts), too large, or malformed. Without a `clientError` listener node answers
 * these itself (408, 431, 400) before closing; a listener that reports them (the WebSocket one,
 * whose upgrade requests are read by the same parser) takes that answer over, so it writes the
 * same one and a slow handshake is told why, as a slow POST is.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** node's error codes and the status it answers each with; any other error is a 400. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
};

/** The status a client error is answered with. */
export function clientErrorStatus(error: Error): number {
  return STATUS_BY_CODE[(error as NodeJS.ErrnoException).code ?? ''] ?? 400;
}

/**
 * Answers and closes, as node does: only when nothing of a response was written on the socket
 * yet (a half-written answer followed by a status line would corrupt the stream) and it is writable.
 */
export function answerClientError(error: Error, socket: Duplex): void {
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const status = clientErrorStatus(error);
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\n\r\n`);
  }
  socket.destroy();
}
