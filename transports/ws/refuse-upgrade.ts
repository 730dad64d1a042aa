/**
 * Answers a refused WebSocket handshake with a plain HTTP response on the raw socket, then
 * closes it. Before the upgrade the socket is still HTTP, so clients see a normal status line.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

export function refuseUpgrade(socket: Duplex, status: number, code: string, headers: Readonly<Record<string, string>> = {}): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${code}\n`;
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).filter(([, value]) => isHeaderSafe(value)).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  socket.once('finish', () => socket.destroy());
}

/** A header value with a line break would let its author write arbitrary response headers. */
function isHeaderSafe(value: string): boolean {
  return !/[\r\n\0]/.test(value);
}
