/** A WebSocket handshake expected to be refused: the HTTP answer it got instead of an upgrade. */
import type http from 'node:http';
import { WebSocket } from 'ws';

export interface RefusedUpgrade {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
}

export function refusedUpgrade(url: string, protocols: string[] = ['mcp'], headers: Record<string, string> = {}): Promise<RefusedUpgrade> {
  const socket = new WebSocket(url, protocols, { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.terminate();
      reject(new Error('the handshake was accepted'));
    });
    socket.once('unexpected-response', (_request, response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
      socket.terminate();
    });
    socket.on('error', () => undefined);
  });
}
