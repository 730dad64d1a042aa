/**
 * Closes a ws socket politely (a close frame with our code), and destroys it if the peer does
 * not complete the closing handshake within the grace period. Resolves once the socket is closed.
 */
import { WebSocket } from 'ws';

/** RFC 6455 limits a close reason to 123 bytes; ours are short ASCII, this only guards mistakes. */
const MAX_REASON_BYTES = 123;

export function closeSocket(socket: WebSocket, code: number, reason: string, graceMs: number): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.terminate(), graceMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (socket.readyState === WebSocket.OPEN) {
      // A paused socket would never read the peer's answering close frame.
      socket.resume();
      socket.close(code, Buffer.from(reason).subarray(0, MAX_REASON_BYTES).toString());
    } else if (socket.readyState === WebSocket.CONNECTING) {
      socket.terminate();
    }
    // CLOSING: ws is already closing and reads on its own; a handshake it aborted (a missing
    // subprotocol) has no connection at all, and resume() would throw on it.
  });
}
