/**
 * The WebSocket listener: an HTTP(S) server that upgrades connections on one path into client
 * sessions, one `WebSocketSessionTransport` per connection. Every handshake is checked (path,
 * Host, Origin, subprotocol) and authenticated before the upgrade; a refusal is a plain HTTP
 * answer, reported to `onrejected` first so the journal has it before the client does.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Principal } from '../../engine/decision/input.js';
import type { NetworkListenerOptions } from '../listener-options.js';
import type { AcceptedSession, Listener, Rejection } from '../contract.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../framing/message-codec.js';
import { defaultAllowedHosts } from '../default-allowed-hosts.js';
import { HostAllowlist } from '../host-allowlist.js';
import { OriginAllowlist } from '../origin-allowlist.js';
import { servedHealth } from '../health.js';
import { checkHandshake, type HandshakeRefusal, type HandshakeRules } from './handshake.js';
import { authHeaders } from '../request-authority.js';
import { requestTimeoutOptions } from '../server-timeouts.js';
import { capConnections } from '../connection-cap.js';
import { refuseUpgrade } from './refuse-upgrade.js';
import { WebSocketSessionTransport } from './socket-transport.js';
import { socketOptions, SUBPROTOCOL } from './wire.js';

/** `url` is `ws:` or `wss:`; a handshake without Origin is not a browser's and passes; `name` defaults to `websocket`. */
export interface WebSocketListenerOptions extends NetworkListenerOptions {
  /** Ping period per connection; a client that misses a pong is cut off. Default: 30000 ms. */
  readonly pingIntervalMs?: number;
  /** How long closing waits for a client's close frame before destroying its socket. Default: 2000 ms. */
  readonly closeGraceMs?: number;
}

export class WebSocketListener implements Listener {
  readonly name: string;
  onsession?: (session: AcceptedSession) => Promise<void>;
  onrejected?: (rejection: Rejection) => Promise<void>;
  onerror?: (error: Error) => void;

  private readonly options: WebSocketListenerOptions;
  private readonly maxMessageBytes: number;
  private readonly sessions = new Set<WebSocketSessionTransport>();
  private readonly wss: WebSocketServer;
  private server: http.Server | https.Server | undefined;
  private readonly origins: OriginAllowlist;
  private rules: HandshakeRules | undefined;
  private boundUrl: string | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: WebSocketListenerOptions) {
    const { protocol } = options.url;
    if (protocol !== 'ws:' && protocol !== 'wss:') throw new TypeError(`a WebSocket listener needs a ws: or wss: URL, not ${protocol}`);
    if (protocol === 'wss:' && !options.tls) throw new TypeError('a wss: listener needs tls.cert and tls.key');
    this.options = options;
    this.name = options.name ?? 'websocket';
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    // Parsed here, so a malformed origin is a configuration error before anything is bound.
    this.origins = new OriginAllowlist(options.allowedOrigins ?? []);
    this.wss = new WebSocketServer({ noServer: true, clientTracking: false, ...socketOptions(this.maxMessageBytes), handleProtocols: () => SUBPROTOCOL });
    // Handshakes ws itself finds malformed (after our checks) are ours to refuse, and to report.
    this.wss.on('wsClientError', (error: Error, socket: Duplex) => void this.refuse(socket, { status: 400, code: 'bad_handshake', message: error.message }));
  }

  get url(): string {
    return this.boundUrl ?? this.options.url.href;
  }

  async start(): Promise<void> {
    if (this.server) throw new Error(`${this.name}: start called twice`);
    const { url, tls } = this.options;
    const timeouts = requestTimeoutOptions(this.options);
    const server = url.protocol === 'wss:' ? https.createServer({ ...timeouts, cert: tls!.cert, key: tls!.key }) : http.createServer(timeouts);
    this.server = server;
    capConnections(server, this.options.maxConnections);
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => void this.onUpgrade(request, socket, head));
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void this.onPlainRequest(request, response));
    // No clientError handler, as on the HTTP listener: a handshake too slow, too large or malformed
    // is the client's fault, not the listener's, and node answers it (408, 431, 400) and closes.
    server.on('tlsClientError', (error: Error) => this.onerror?.(error));
    await listen(server, url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || (url.protocol === 'wss:' ? 443 : 80)));
    const port = (server.address() as AddressInfo).port;
    this.boundUrl = `${url.protocol}//${url.hostname}:${port}${url.pathname}`;
    this.rules = {
      path: url.pathname,
      hosts: new HostAllowlist(this.options.allowedHosts ?? defaultAllowedHosts(url.hostname, port), url.protocol === 'wss:' ? 443 : 80),
      origins: this.origins,
    };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([...this.sessions].map((session) => session.close()));
    // Handshakes still being authenticated, and idle keep-alive connections.
    server.closeAllConnections();
    await stopped;
  }

  private async onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // The client may vanish mid-handshake; that concerns nobody.
    socket.on('error', () => undefined);
    if (this.closing) return void socket.destroy();
    const refusal = checkHandshake(request, this.rules!);
    if (refusal) return this.refuse(socket, refusal);
    const principal = await this.authenticate(request, socket);
    if (!principal) return;
    if (this.closing) return void socket.destroy();
    this.wss.handleUpgrade(request, socket, head, (ws) => void this.accept(ws, principal, request));
  }

  private async authenticate(request: IncomingMessage, socket: Duplex): Promise<Principal | undefined> {
    let result;
    try {
      result = await this.options.authenticator.authenticate(authHeaders(request));
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      await this.refuse(socket, { status: 500, code: 'auth_error', message: 'the authenticator failed' });
      return undefined;
    }
    if (result.ok) return result.principal;
    await this.refuse(socket, {
      status: 401,
      code: 'unauthenticated',
      message: `${result.code}: ${result.message}`,
      headers: { 'WWW-Authenticate': result.challenge },
    });
    return undefined;
  }

  private async accept(socket: WebSocket, principal: Principal, request: IncomingMessage): Promise<void> {
    const peer = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
    const transport = new WebSocketSessionTransport({
      socket,
      principal,
      maxMessageBytes: this.maxMessageBytes,
      name: `${this.name}:${peer}`,
      pingIntervalMs: this.options.pingIntervalMs,
      closeGraceMs: this.options.closeGraceMs,
    });
    this.sessions.add(transport);
    socket.once('close', () => this.sessions.delete(transport));
    if (this.closing) return void transport.close();
    try {
      if (!this.onsession) throw new Error('no session handler');
      // Upgraded already: a session refused from here on can only be told so inside it.
      await this.onsession({ transport, principal, kind: 'websocket', refusedInSession: true });
    } catch {
      await transport.refuse();
    }
  }

  /** Not a WebSocket handshake: a health probe (when on), 426 on our path (it is a WebSocket endpoint), 404 elsewhere. */
  private async onPlainRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (servedHealth(request, response, this.options.health)) return;
    const onPath = (request.url ?? '/').split('?')[0] === this.rules?.path;
    const refusal: HandshakeRefusal = onPath
      ? { status: 426, code: 'upgrade_required', message: 'this endpoint speaks WebSocket only', headers: { Upgrade: 'websocket', Connection: 'Upgrade' } }
      : { status: 404, code: 'not_found', message: 'no WebSocket endpoint at this path' };
    await this.report(refusal, request.socket.remoteAddress);
    response.writeHead(refusal.status, { 'Content-Type': 'text/plain; charset=utf-8', ...refusal.headers });
    response.end(`${refusal.code}\n`);
  }

  private async refuse(socket: Duplex, refusal: HandshakeRefusal): Promise<void> {
    // An upgrade's socket is a net.Socket (or a TLS one), typed by node:http as any Duplex.
    await this.report(refusal, (socket as Partial<Socket>).remoteAddress);
    refuseUpgrade(socket, refusal.status, refusal.code, refusal.headers);
  }

  /** Awaits onrejected; a failing handler must not keep the client waiting for an answer. */
  private async report(refusal: HandshakeRefusal, source: string | undefined): Promise<void> {
    try {
      await this.onrejected?.({ status: refusal.status, code: refusal.code, message: refusal.message, listener: this.name, source });
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
