/**
 * One client session through the warden: who it is, what it negotiated, which requests are in
 * flight in each direction, and which tools its upstream announced.
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject, JsonValue } from '../protocol/jsonrpc.js';
import type { Principal, SessionInfo } from '../decision/input.js';
import { IdAllocator } from './id-map.js';
import { PendingRequests } from './pending.js';
import { ToolRegistry } from './registry.js';

export interface SessionOptions {
  /** Defaults to a random UUID. */
  id?: string;
  /** Client-side transport name, e.g. "stdio", "websocket", "streamable-http". */
  transport: string;
  /** Name of the upstream this session is connected to. */
  upstream: string;
  principal: Principal;
  /** Known before initialize when the transport carries it (e.g. MCP-Protocol-Version). */
  protocolVersion?: string;
  /** Share to keep first-seen tool definitions across sessions of the same upstream. */
  tools?: ToolRegistry;
  /** Share to keep forwarded ids unique across sessions multiplexed on one upstream connection. */
  upstreamIds?: IdAllocator;
}

export class Session {
  readonly id: string;
  readonly transport: string;
  readonly upstream: string;
  readonly principal: Principal;
  readonly tools: ToolRegistry;
  /** Client requests forwarded upstream. */
  readonly toUpstream: PendingRequests;
  /** Server-initiated requests forwarded to the client. */
  readonly toClient = new PendingRequests();
  #protocolVersion: string | null;
  #client: JsonObject | null = null;
  #server: JsonObject | null = null;

  constructor(options: SessionOptions) {
    this.id = options.id ?? randomUUID();
    this.transport = options.transport;
    this.upstream = options.upstream;
    this.principal = options.principal;
    this.tools = options.tools ?? new ToolRegistry();
    this.toUpstream = new PendingRequests(options.upstreamIds);
    this.#protocolVersion = options.protocolVersion ?? null;
  }

  /** An allowed initialize request: the client's info and the revision it asks for. */
  recordInitializeRequest(params: JsonObject | undefined): void {
    const clientInfo = params?.clientInfo;
    if (isObject(clientInfo)) this.#client = clientInfo;
    if (typeof params?.protocolVersion === 'string') this.#protocolVersion = params.protocolVersion;
  }

  /** An allowed initialize result: the revision the server settled on is the negotiated one. */
  recordInitializeResult(result: JsonObject): void {
    if (typeof result.protocolVersion === 'string') this.#protocolVersion = result.protocolVersion;
    if (isObject(result.serverInfo)) this.#server = result.serverInfo;
  }

  info(): SessionInfo {
    return {
      id: this.id,
      transport: this.transport,
      protocol_version: this.#protocolVersion,
      client: this.#client,
      server: this.#server,
    };
  }
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
