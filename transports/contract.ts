/**
 * The transport contract. Every transport (stdio server side, stdio child, WebSocket,
 * Streamable HTTP) implements it, and `test/transports/contract.suite.ts` checks each rule
 * below against every implementation. Modelled on the MCP SDK's `shared/transport.ts`,
 * with the rules that SDK leaves implicit written down, because a firewall has to rely on them.
 *
 * A transport only turns bytes into JSON-RPC messages and back. It never decides, rewrites
 * or answers a message: that is the engine's job, wired up by the composition root.
 */
import type { JsonRpcMessage, RequestId } from '../engine/protocol/jsonrpc.js';
import type { Principal } from '../engine/decision/input.js';
import type { TransportError } from './errors.js';

/** Per-send routing hints. Transports without several streams (stdio, WebSocket) ignore them. */
export interface SendOptions {
  /**
   * The client request this message belongs to: the request a response answers, or the request
   * during whose handling a notification or server request was issued. Streamable HTTP sends
   * it on that request's SSE stream; without it, on the session's standalone GET stream.
   */
  readonly relatedRequestId?: RequestId;
}

/** What a transport knows about one incoming message beyond its bytes. */
export interface MessageExtra {
  /** Who sent it, as the listener authenticated this very request (HTTP authenticates each POST). */
  readonly principal?: Principal;
  /**
   * Upstream transports with per-request streams: the id (as sent upstream) of the request
   * whose stream carried this message, so it can be routed back to the matching client request.
   */
  readonly relatedRequestId?: RequestId;
}

export interface Transport {
  /**
   * Short, stable label for logs and the journal, e.g. `stdio-server` or `stdio-child:fs`.
   */
  readonly name: string;

  /**
   * The transport's own session id where the wire protocol has one (Streamable HTTP's
   * `Mcp-Session-Id`). Not the id policies and the journal see: that one is warden's, so a
   * journal reader never learns a live session's capability.
   */
  readonly sessionId?: string;

  /** The MCP revision the wire announced (`MCP-Protocol-Version`), where the transport carries one. */
  readonly protocolVersion?: string;

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
   * - The payload is `messageText(message)` (engine/protocol/message-text.ts) in UTF-8, which is
   *   exactly `JSON.stringify(message)` unless the message's params, result or error had its
   *   canonical text taken as a large frame arrived, or as a frame holding integers a double
   *   cannot hold arrived (engine/protocol/exact-integers.ts); the transport adds only its
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
  send(message: JsonRpcMessage, options?: SendOptions): Promise<void>;

  /**
   * Stops reading from the peer until `resume`: the engine calls it when what it holds for the
   * other side (a client that does not read) reaches its bound, so the peer is slowed down by its
   * own transport's backpressure (a full pipe, TCP window) instead of warden buffering for it.
   *
   * Rules:
   * - Returns true once reading stopped. Optional: a transport that cannot stop reading leaves
   *   it out (or returns false), and the engine closes a session it would otherwise have to
   *   buffer for without bound.
   * - Messages already read (the rest of a chunk or of ws's buffer) may still be delivered;
   *   nothing is dropped, and nothing is lost across pause and resume.
   * - Idempotent, both; sending is unaffected. Liveness checks that need reading (WebSocket
   *   pings) are suspended while paused, since the peer's answers are not being read.
   * - Closing ends a pause: whatever still arrives is read (and dropped, per `close`).
   */
  pause?(): boolean;
  resume?(): void;

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
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtra) => void;

  /**
   * Fires exactly once per transport, whatever ends it: `close()`, the peer going away
   * (EOF, disconnect, child exit), a fatal I/O error or a failed start. Every message received
   * before the end has been delivered to `onmessage` by then, and nothing is delivered after.
   */
  onclose?: () => void;

  /**
   * The peer will send nothing more but can still be sent to: the stdio server transport's
   * stdin reached its end while its stdout is open. With a handler set, the transport stays open
   * (its owner answers what is in flight, then closes it); without one it closes, as before.
   */
  oninputend?: () => void;

  /**
   * Whether the peer reads although it sends nothing: a Streamable HTTP session whose client
   * holds its standalone GET stream open, waiting for notifications. Its owner does not end such
   * a session as idle. Transports whose peer always holds a connection leave it out.
   */
  readonly listening?: boolean;

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
   * - A `frame_too_large` error carries, where the transport could read them from the frame as
   *   it streamed past, the frame's top-level `id` and whether it had a `method`
   *   (`detail.id`, `detail.has_method`), so the engine can answer the request instead of
   *   leaving it to a client-side timeout.
   */
  onerror?: (error: TransportError) => void;
}

/** One client session a listener accepted, handed over before its first message is delivered. */
export interface AcceptedSession {
  /** Not started: the gateway installs its callbacks, then starts it. */
  readonly transport: Transport;
  /** Who opened the session, as the listener authenticated them. */
  readonly principal: Principal;
  /** Label policies see as `session.transport`: `stdio`, `streamable-http` or `websocket`. */
  readonly kind: string;
  /**
   * The client can be told only inside the session that it was refused after being accepted (its
   * upstream cannot start): stdio has no door to answer at, and a WebSocket is upgraded before the
   * session exists. The gateway then starts the transport all the same, answers the requests the
   * client sent with a JSON-RPC error, and closes it. Listeners that answer a refusal themselves
   * (HTTP's 503) leave it out.
   */
  readonly refusedInSession?: boolean;
}

/** A caller the listener refused before any session existed (authentication, Origin, limits). */
export interface Rejection {
  /** HTTP status sent (401, 403, 404, 413, 503, ...); WebSocket handshakes are refused with it too. */
  readonly status: number;
  /** Stable reason code, e.g. `unauthenticated`, `bad_origin`, `bad_host`, `too_many_sessions`. */
  readonly code: string;
  /** For humans and the journal; never contains a token or payload bytes. */
  readonly message: string;
  readonly listener: string;
  /** JSON-RPC method and id of the refused message, when the body could be read. */
  readonly method?: string;
  readonly requestId?: RequestId;
  /** The principal, when authentication succeeded and something else refused the request. */
  readonly principal?: Principal;
  /** The peer's IP address, on network listeners: refusals of unauthenticated callers are journaled per source at a bounded rate. */
  readonly source?: string;
}

/**
 * Accepts client sessions: stdio yields exactly one, network listeners one per connecting
 * client. Rules:
 * - `start` binds (port 0 picks a free port) and resolves once clients can connect; `url` is
 *   then the real address. A second start rejects.
 * - `onsession` is awaited before the session's first message is delivered; if it rejects,
 *   the listener refuses that client (HTTP: 503 with a JSON-RPC error body; WebSocket: close
 *   code 1013 right after the upgrade, there being no HTTP answer left to give) and reports
 *   nothing else. The gateway refuses this way when it is full or the upstream cannot be reached.
 * - `onrejected` is awaited before the refusal is answered, so it is journaled first.
 * - `close` stops accepting, closes every live session transport it yielded, and resolves when
 *   the listening socket is closed. Idempotent.
 */
export interface Listener {
  readonly name: string;
  /** Where clients connect (`stdio`, `http://127.0.0.1:PORT/mcp`, ...); real after start. */
  readonly url: string;
  onsession?: (session: AcceptedSession) => Promise<void>;
  onrejected?: (rejection: Rejection) => Promise<void>;
  /** Problems not tied to one session (a socket error, a TLS handshake failure). */
  onerror?: (error: Error) => void;
  start(): Promise<void>;
  close(): Promise<void>;
}
