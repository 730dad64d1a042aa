/**
 * The MCP SDK's WebSocketClientTransport needs a global WebSocket: Node 22 has one; on Node 20
 * `ws` stands in, as it does for any Node 20 user of that SDK transport. It must deliver one
 * message per task like the WHATWG WebSocket: with ws's default synchronous events, the SDK
 * client handles a response before the progress notifications sent just before it. Every test
 * process installs this one, whichever test file loads first.
 */
import { WebSocket } from 'ws';

class WhatwgLikeWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { allowSynchronousEvents: false });
  }
}

(globalThis as { WebSocket?: unknown }).WebSocket ??= WhatwgLikeWebSocket;
