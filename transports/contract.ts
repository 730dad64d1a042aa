/**
 * The transport contract. Every transport (stdio server side, stdio child, WebSocket,
 * Streamable HTTP) implements it, and `test/transports/contract.suite.ts` checks each rule
 * below against every implementation. Modelled on the MCP SDK's `shared/transport.ts`,
 * with the rules that SDK leaves implicit written down, because a firewall has to rely on them.
 *
 * A transport only turns bytes into JSON-RPC messages and back. It never decides, rewrites
 * or answers a message: that is the engine's job, wired up by the composition root.
 */
import type { JsonRpcMessage } from '../engine/protocol/jsonrpc.js';
import type { TransportError } from './errors.js';

export interface Transport {
  /**
   * Short, stable label for logs and the journal, e.g. `stdio-server` or `stdio-child:fs`.
   */
  readonly name: string;

  /**
   * Begins reading (and, for transports that connect or spawn, does that first). Install the
   * callbacks before calling it: nothing is buffered for late subscribers.
   *
   * Rules:
   * - Resolves once the transport can send and receive.
   * - A second call rejects with `already_started`, whether or not the first one succeeded.
   *   Calling start on a transport closed before it was started rejects with `closed`.
   * - If starting fails (e.g. `spawn_failed`), start rejects and the transport is closed:
   *   `onclose` fires as for any other close.
   */
  start(): Promise<void>;

  /**
   * Hands one message to the other side.
   *
   * Rules:
   * - The payload is exactly `JSON.stringify(message)` in UTF-8; the transport adds only its
   *   framing (a newline for stdio, a text frame for WebSocket).
   * - Messages go out in the order `send` was called, whether or not callers await.
   * - Backpressure: the promise resolves when the bytes are handed off to the OS or the
   *   underlying stream without exceeding its buffer; when the buffer is full it waits for
   *   it to drain. Awaiting each send therefore paces the caller to the reader's speed.
   * - Rejects with `not_started` before start, with `closed` once close has begun (also for
   *   sends still queued when the transport closes: none is left pending forever), and with
   *   `frame_too_large` when the payload is over the size limit. A refused oversize message
   *   does not affect later ones.
   */
  send(message: JsonRpcMessage): Promise<void>;

  /**
   * Closes the transport and releases what it holds (streams, sockets, child processes).
   *
   * Rules:
   * - Idempotent: later and concurrent calls return the same promise.
   * - Resolves once the transport is fully closed, i.e. after `onclose` has fired.
   * - From the moment it is called, no further `onmessage` or `onerror` is delivered.
   * - Also valid before start; `onclose` still fires.
   */
  close(): Promise<void>;

  /**
   * One incoming message, envelope-checked (`invalidMessageReason` from the engine) and in
   * arrival order. Called synchronously from the transport's read path: it must not throw
   * (a throw is a bug in the caller and is not caught).
   */
  onmessage?: (message: JsonRpcMessage) => void;

  /**
   * Fires exactly once per transport, whatever ends it: `close()`, the peer going away
   * (EOF, disconnect, child exit), a fatal I/O error or a failed start. Every message received
   * before the end has been delivered to `onmessage` by then, and nothing is delivered after.
   */
  onclose?: () => void;

  /**
   * Out-of-band problems, each a `TransportError` with a stable `code`.
   *
   * Rules:
   * - A bad incoming frame (`frame_parse`, `frame_invalid`, `frame_too_large`) is reported
   *   here, dropped, and reading continues with the next frame: one bad frame never costs the
   *   connection.
   * - A fatal condition (`io_error`, `upstream_exit`) is reported here first, then the
   *   transport closes and `onclose` fires.
   * - Errors of a call (`send`, `start`) are its rejection, not reported here.
   */
  onerror?: (error: TransportError) => void;
}
