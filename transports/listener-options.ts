/** What every network listener (Streamable HTTP, WebSocket) is configured with. */
import type { Authenticator } from './auth/authenticator.js';
import type { HealthProbe } from './health.js';
import type { RequestTimeouts } from './server-timeouts.js';

/** `headersTimeoutMs` and `requestBodyTimeoutMs` bound how slowly a client may send a request (server-timeouts.ts). */
export interface NetworkListenerOptions extends RequestTimeouts {
  /** Scheme (`http:`/`https:` or `ws:`/`wss:`, the secure ones need `tls`), host to bind exactly, port (0 = a free one), path served. */
  readonly url: URL;
  /** PEM certificate chain and key; required for `https:` and `wss:`. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Called on every request or upgrade, before anything else is read. */
  readonly authenticator: Authenticator;
  /** Browser origins allowed to call; a request with any other Origin header gets 403. */
  readonly allowedOrigins?: readonly string[];
  /** Valid Host headers (`host:port`). Default: the bound address, plus the loopback names when bound to loopback or every interface (default-allowed-hosts.ts). */
  readonly allowedHosts?: readonly string[];
  /** Largest message accepted or sent, in bytes. Default: 4 MiB. */
  readonly maxMessageBytes?: number;
  /** Label for logs and rejections. */
  readonly name?: string;
  /** Serve /healthz and /readyz (health.ts), readiness as this probe says. Default: not served. */
  readonly health?: HealthProbe;
  /** Connections held at once; past it a new one is closed at once (connection-cap.ts). Default: 4096. */
  readonly maxConnections?: number;
}
