/**
 * The router's view of one upstream's connection for one session. The composition root
 * implements it over transports (cli/upstream-link.ts): it connects to the upstream's endpoints
 * in turn and reconnects with backoff after a loss. The router speaks MCP over it (handshake,
 * requests, their answers); the link only carries messages and says when it is up or down.
 */
import type { JsonRpcMessage, RequestId } from '../protocol/jsonrpc.js';

export interface UpstreamLink {
  readonly name: string;
  /** The endpoint in use, as safe to log and journal (a URL's origin, a command's program). */
  readonly endpoint: string;
  readonly endpointCount: number;
  readonly connected: boolean;
  send(message: JsonRpcMessage): Promise<void>;
  /** `relatedRequestId`: the link-side request whose stream carried the message (Streamable HTTP). */
  onmessage?: (message: JsonRpcMessage, extra?: { relatedRequestId?: RequestId }) => void;
  /** A connection (first or again) is open; nothing has been said on it yet. */
  onup?: () => void;
  /** The connection was lost; the link is reconnecting (unless closed). */
  ondown?: (reason: string) => void;
  onerror?(error: Error): void;
  /** Connects for the first time; resolves whether it worked (a failure keeps retrying). */
  start(): Promise<boolean>;
  /** Gives up the current endpoint and connects to the next one (after a timeout). */
  rotate(reason: string): void;
  /** Stops reading from the upstream until resume (MessageChannel.pause); false if it cannot. */
  pause?(): boolean;
  resume?(): void;
  close(): Promise<void>;
}
