/**
 * The facts of our WebSocket binding that both ends share (see README.md): it is not an MCP
 * spec transport, so these are our choices, made to match the MCP SDK v1's WebSocket client.
 */

/** The only subprotocol we speak; the SDK's `WebSocketClientTransport` offers exactly this. */
export const SUBPROTOCOL = 'mcp';

/**
 * ws closes the connection (1009) on a frame over its `maxPayload`, which the contract forbids
 * for a merely oversize message. So ws gets this larger hard cap, and the transport enforces
 * the real limit itself, dropping frames between the two. Beyond the cap a peer is abusive
 * (we would have to buffer the frame to skip it), and losing the connection is deserved.
 */
export const HARD_CAP_FACTOR = 4;

export function hardPayloadCap(maxMessageBytes: number): number {
  return maxMessageBytes * HARD_CAP_FACTOR;
}

/** A peer that has not answered a ping by the next one is gone. */
export const DEFAULT_PING_INTERVAL_MS = 30_000;

/** After our close frame, how long the peer has to answer before the socket is destroyed. */
export const DEFAULT_CLOSE_GRACE_MS = 2_000;

/** ws socket options both ends use. */
export function socketOptions(maxMessageBytes: number) {
  return {
    maxPayload: hardPayloadCap(maxMessageBytes),
    // Compression would let a small frame inflate to the hard cap and costs memory per socket.
    perMessageDeflate: false,
    // ws would close the connection (1007) on invalid UTF-8; the contract wants frame_parse instead.
    skipUTF8Validation: true,
    // One message per tick, as browsers deliver them: a consumer that handles some messages in a
    // microtask (the MCP SDK does so for notifications) would otherwise see a response overtake
    // the progress notifications that came before it in the same TCP packet.
    allowSynchronousEvents: false,
  } as const;
}
