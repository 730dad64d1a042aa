/**
 * Warden as an MCP server over Streamable HTTP: a `Listener` yielding one `AcceptedSession`
 * per MCP session (per request for 2026-07-28). Every request passes, in this order: path
 * (404), Host (403, DNS rebinding), Origin (403), authentication (401); only then is the
 * method served. Health probes, when turned on, are answered before all of it (health.ts). Built on node:http directly; transports/http/README.md says why.
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Principal } from '../../../engine/decision/input.js';
import type { NetworkListenerOptions } from '../../listener-options.js';
import type { AcceptedSession, Listener, Rejection } from '../../contract.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../framing/message-codec.js';
import { servedHealth } from '../../health.js';
import { defaultAllowedHosts, hostPort } from '../../default-allowed-hosts.js';
import { HostAllowlist } from '../../host-allowlist.js';
import { OriginAllowlist } from '../../origin-allowlist.js';
import { authHeaders, requestAuthority } from '../../request-authority.js';
import { requestTimeoutOptions } from '../../server-timeouts.js';
import { capConnections } from '../../connection-cap.js';
import { corsHeaders, preflightHeaders } from './guards.js';
import { handleDelete, handleGet } from './get.js';
import { handlePost, type HttpExchange, type SessionHost } from './post.js';
import { headerValue, STATELESS_VERSION } from './protocol-version.js';
import { answerRefusal, refuse, Refused, type Refusal } from './refusal.js';
import { HttpSessionTransport } from './session-transport.js';
import { metadataDocument, metadataPaths, metadataUrl, resourceFor, withResourceMetadata, type ResourceMetadataOptions } from './resource-metadata.js';

/** `url` is `http:` or `https:`; `name` defaults to `streamable-http`. */
export interface StreamableHttpListenerOptions extends NetworkListenerOptions {
  /** Interval of SSE comment pings. Default: 15 s. */
  readonly keepAliveMs?: number;
  /** Events kept per stream for Last-Event-ID replay, and buffered for an absent client. Default: 100. */
  readonly eventBufferSize?: number;
  /** Bytes kept per stream for replay. Default: 8 MiB. */
  readonly eventBufferBytes?: number;
  /** Serve RFC 9728 metadata naming these authorization servers, and name it in every 401 (resource-metadata.ts). */
  readonly resourceMetadata?: ResourceMetadataOptions;
}

export class StreamableHttpListener implements Listener, SessionHost {
  readonly name: string;
  readonly maxMessageBytes: number;
  onsession?: (session: AcceptedSession) => Promise<void>;
  onrejected?: (rejection: Rejection) => Promise<void>;
  onerror?: (error: Error) => void;

  private readonly server: Server;
  private readonly sessions = new Map<string, HttpSessionTransport>();
  /** Every session transport not yet closed, stateless ones included. */
  private readonly live = new Set<HttpSessionTransport>();
  private allowedHosts = new HostAllowlist([], 0);
  private readonly allowedOrigins: OriginAllowlist;
  private boundUrl: URL;
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: StreamableHttpListenerOptions) {
    if (options.url.protocol !== 'http:' && options.url.protocol !== 'https:') throw new Error('the listener url must be http: or https:');
    if (options.url.protocol === 'https:' && !options.tls) throw new Error('an https: listener needs tls.cert and tls.key');
    this.name = options.name ?? 'streamable-http';
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.boundUrl = new URL(options.url.href);
    this.allowedOrigins = new OriginAllowlist(options.allowedOrigins ?? []);
    const timeouts = requestTimeoutOptions(options);
    this.server = options.tls ? createHttpsServer({ ...timeouts, cert: options.tls.cert, key: options.tls.key }) : createHttpServer(timeouts);
    capConnections(this.server, options.maxConnections);
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res));
    this.server.on('tlsClientError', (error: Error) => this.onerror?.(error));
  }

  get url(): string {
    return this.boundUrl.href;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error(`${this.name}: start called twice`);
    this.started = true;
    const host = hostname(this.options.url);
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(Number(this.options.url.port || (this.options.url.protocol === 'https:' ? 443 : 80)), host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.server.on('error', (error) => this.onerror?.(error));
    const { port } = this.server.address() as AddressInfo;
    this.boundUrl = new URL(`${this.options.url.protocol}//${hostPort(host, port)}${this.options.url.pathname}`);
    this.allowedHosts = new HostAllowlist(this.options.allowedHosts ?? defaultAllowedHosts(host, port), this.options.url.protocol === 'https:' ? 443 : 80);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  find(sessionId: string): HttpSessionTransport | undefined {
    return this.sessions.get(sessionId);
  }

  create(principal: Principal, stateless: boolean): HttpSessionTransport {
    const session: HttpSessionTransport = new HttpSessionTransport({
      // 192 random bits: the id is the capability to act in the session.
      sessionId: stateless ? undefined : randomBytes(24).toString('base64url'),
      protocolVersion: stateless ? STATELESS_VERSION : undefined,
      principal,
      maxMessageBytes: this.maxMessageBytes,
      keepAliveMs: this.options.keepAliveMs ?? 15_000,
      limits: { events: this.options.eventBufferSize ?? 100, bytes: this.options.eventBufferBytes ?? 8 * 1024 * 1024 },
      onEnd: () => {
        this.live.delete(session);
        if (session.sessionId !== undefined) this.sessions.delete(session.sessionId);
      },
    });
    return session;
  }

  async admit(session: HttpSessionTransport, principal: Principal): Promise<void> {
    try {
      await this.onsession?.({ transport: session, principal, kind: 'streamable-http' });
    } catch (error) {
      // Sessions end (closed, idle) all the time: a few seconds on, one is likely free again.
      throw refuse(503, 'session_refused', error instanceof Error ? error.message : 'the session was refused', undefined, { unreported: true, headers: { 'retry-after': '5' } });
    }
    if (this.closing) {
      await session.close();
      throw refuse(503, 'closing', 'Service Unavailable: the listener is closing');
    }
    this.live.add(session);
    if (session.sessionId !== undefined) this.sessions.set(session.sessionId, session);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = headerValue(req.headers, 'origin');
    const headers: Record<string, string> = {};
    let principal: Principal | undefined;
    try {
      if (servedHealth(req, res, this.options.health)) return;
      const metadata = this.metadataAsked(req);
      if (metadata) return this.serveMetadata(req, res, metadata);
      this.guard(req, origin);
      Object.assign(headers, corsHeaders(origin));
      if (req.method === 'OPTIONS') return answer(res, 204, preflightHeaders(origin));
      principal = await this.authenticate(req);
      if (this.closing) throw refuse(503, 'closing', 'Service Unavailable: the listener is closing');
      await this.serve({ req, res, principal, headers });
    } catch (error) {
      if (!(error instanceof Refused)) {
        this.onerror?.(error instanceof Error ? error : new Error(String(error)));
        if (!res.headersSent) res.destroy();
        return;
      }
      await this.report(error.refusal, principal, req.socket.remoteAddress);
      answerRefusal(res, error.refusal, headers);
      if (error.refusal.status === 413) dropAfterAnswer(req, res);
    }
  }

  private guard(req: IncomingMessage, origin: string | undefined): void {
    if (!onPath(req.url, this.boundUrl.pathname)) throw refuse(404, 'not_found', 'Not Found');
    if (!this.allowedHosts.allows(requestAuthority(req))) throw refuse(403, 'bad_host', 'Forbidden: Host header not allowed');
    if (origin !== undefined && !this.allowedOrigins.allows(origin)) {
      throw refuse(403, 'bad_origin', 'Forbidden: Origin not allowed');
    }
  }

  private async authenticate(req: IncomingMessage): Promise<Principal> {
    const result = await this.options.authenticator.authenticate(authHeaders(req));
    if (result.ok) return result.principal;
    const metadata = this.options.resourceMetadata;
    const challenge = metadata ? withResourceMetadata(result.challenge, metadataUrl(this.resource(req, metadata))) : result.challenge;
    throw refuse(401, 'unauthenticated', `Unauthorized: ${result.message}`, undefined, { headers: { 'www-authenticate': challenge } });
  }

  /** The metadata settings when the request is for the metadata document. */
  private metadataAsked(req: IncomingMessage): ResourceMetadataOptions | undefined {
    const metadata = this.options.resourceMetadata;
    return metadata && metadataPaths(this.boundUrl.pathname).some((path) => onPath(req.url, path)) ? metadata : undefined;
  }

  /** The public metadata document: Host is checked, nothing else (any origin, no credentials). */
  private serveMetadata(req: IncomingMessage, res: ServerResponse, metadata: ResourceMetadataOptions): void {
    if (!this.allowedHosts.allows(requestAuthority(req))) throw refuse(403, 'bad_host', 'Forbidden: Host header not allowed');
    const cors = { 'access-control-allow-origin': '*' };
    if (req.method === 'OPTIONS') return answer(res, 204, { ...cors, 'access-control-allow-methods': 'GET, OPTIONS', 'access-control-max-age': '600' });
    if (req.method !== 'GET' && req.method !== 'HEAD') throw refuse(405, 'method_not_allowed', 'Method Not Allowed', undefined, { headers: { allow: 'GET, HEAD, OPTIONS' } });
    const body = metadataDocument(metadata, this.resource(req, metadata));
    res.writeHead(200, { ...cors, 'content-type': 'application/json', 'cache-control': 'max-age=3600', 'content-length': String(Buffer.byteLength(body)) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private resource(req: IncomingMessage, metadata: ResourceMetadataOptions): string {
    return resourceFor(metadata, req, this.boundUrl.protocol, this.boundUrl.pathname);
  }

  private async serve(exchange: HttpExchange): Promise<void> {
    switch (exchange.req.method) {
      case 'POST': return handlePost(exchange, this);
      case 'GET': return handleGet(exchange, this);
      case 'DELETE': return handleDelete(exchange, this);
      default: throw refuse(405, 'method_not_allowed', 'Method Not Allowed', undefined, { headers: { allow: 'GET, POST, DELETE, OPTIONS' } });
    }
  }

  /** Journals the refusal before the client hears of it; a failing hook does not stop the answer. */
  private async report(refusal: Refusal, principal: Principal | undefined, source: string | undefined): Promise<void> {
    if (refusal.unreported || !this.onrejected) return;
    const { status, code, message, method, requestId } = refusal;
    try {
      await this.onrejected({ status, code, message, listener: this.name, method, requestId, principal, source });
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private async shutdown(): Promise<void> {
    if (!this.started) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await Promise.all([...this.live].map((session) => session.close()));
    // Session streams have ended; whatever socket is left is a request still being read.
    this.server.closeAllConnections();
    await closed;
  }
}

/** Clients send the path exactly as configured; anything else (a query, dot segments, escapes) is normalised first. */
function onPath(target: string | undefined, pathname: string): boolean {
  return target === pathname || new URL(target ?? '/', 'http://path.invalid').pathname === pathname;
}

function hostname(url: URL): string {
  // URL keeps brackets around IPv6 literals; listen() wants them bare.
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * The unread rest of an oversize body is not worth reading: once the 413 is out, half-close,
 * and cut the connection shortly after. Cutting it at once could lose the answer (a reset
 * discards what the client has not read yet).
 */
function dropAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.once('finish', () => {
    req.socket.end();
    setTimeout(() => req.socket.destroy(), 1000).unref();
  });
}

function answer(res: ServerResponse, status: number, headers: Record<string, string>): void {
  res.writeHead(status, headers);
  res.end();
}
