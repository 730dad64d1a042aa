/**
 * One MCP session of the Streamable HTTP listener, seen by the gateway as a `Transport`.
 * Incoming messages are handed in by the listener, one per POST; outgoing ones are routed to
 * the HTTP response they belong to (see `send`). A stateless (2026-07-28) session is a
 * session of one request: it closes itself once the answer to it was written.
 */
import type { ServerResponse } from 'node:http';
import type { Principal } from '../../../engine/decision/input.js';
import { messageKind, type JsonRpcMessage, type JsonRpcNotification, type RequestId } from '../../../engine/protocol/jsonrpc.js';
import type { MessageExtra, SendOptions, Transport } from '../../contract.js';
import { TransportError } from '../../errors.js';
import { encodeMessage } from '../../framing/message-codec.js';
import { Lifecycle } from '../../lifecycle.js';
import { EventStream, type EventStreamLimits } from './event-stream.js';
import { RequestStream } from './request-stream.js';
import { SseChannel } from './sse-channel.js';

export interface SessionSettings {
  /** The Mcp-Session-Id; undefined for a stateless request. */
  readonly sessionId?: string;
  readonly protocolVersion?: string;
  readonly principal: Principal;
  readonly maxMessageBytes: number;
  readonly keepAliveMs: number;
  readonly limits: EventStreamLimits;
  /** Called once when the session ends, before the gateway's onclose. */
  readonly onEnd: () => void;
}

/** Why a GET could not attach: another response already carries that stream. */
export type AttachResult = 'attached' | 'conflict';

const STANDALONE = 'g';
const FINISHED_KEPT = 16;

export class HttpSessionTransport implements Transport {
  readonly name: string;
  readonly sessionId: string | undefined;
  readonly principal: Principal;
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtra) => void;
  onclose?: () => void;
  onerror?: (error: TransportError) => void;

  private protocol: string | undefined;
  private readonly lifecycle: Lifecycle;
  private readonly standalone: EventStream | undefined;
  /** Open request streams by request id, in the order they were opened. */
  private readonly requests = new Map<string, RequestStream>();
  /** Recently finished request streams, still resumable. */
  private readonly finished: EventStream[] = [];
  private readonly held: Array<[JsonRpcMessage, MessageExtra]> = [];
  /** The initialize that opened the session, until it is answered, with the headers its answer carries. */
  private opening: { key: string; headers: Record<string, string> } | undefined;
  private streamCount = 0;
  private delivering = false;

  constructor(private readonly settings: SessionSettings) {
    this.sessionId = settings.sessionId;
    this.protocol = settings.protocolVersion;
    this.principal = settings.principal;
    this.name = settings.sessionId === undefined ? 'streamable-http:stateless' : 'streamable-http';
    this.lifecycle = new Lifecycle(this.name);
    this.standalone = this.stateless ? undefined : new EventStream(STANDALONE, settings.limits);
  }

  get protocolVersion(): string | undefined {
    return this.protocol;
  }

  /** A client reads the standalone GET stream: waiting for notifications, not idle. */
  get listening(): boolean {
    return this.standalone?.attached === true;
  }

  get stateless(): boolean {
    return this.sessionId === undefined;
  }

  async start(): Promise<void> {
    this.lifecycle.begin();
    this.delivering = true;
    for (const [message, extra] of this.held.splice(0)) this.deliver(message, extra);
  }

  /**
   * Routing: a response goes to the stream of the request it answers. Anything else goes to
   * the stream of `relatedRequestId` if that can still reach the client, else the standalone
   * GET stream if a client reads it, else the newest live request stream, else it waits in
   * the standalone stream's buffer for the next GET.
   */
  send(message: JsonRpcMessage, options: SendOptions = {}): Promise<void> {
    const refusal = this.lifecycle.sendRefusal();
    if (refusal) return Promise.reject(refusal);
    let payload: Buffer;
    try {
      payload = encodeMessage(message, this.settings.maxMessageBytes);
    } catch (error) {
      return Promise.reject(error);
    }
    const kind = messageKind(message);
    const answers = kind === 'response' || kind === 'error' ? (message as { id: RequestId | null }).id : undefined;
    const own = answers === undefined || answers === null ? undefined : this.usableRequest(answers);
    if (own && this.opening?.key === keyOf(answers!)) return this.answerOpening(own, payload, kind === 'error');
    if (own) return own.push(payload, true);
    const related = options.relatedRequestId === undefined ? undefined : this.usableRequest(options.relatedRequestId);
    if (related) return related.push(payload, false);
    return this.sendUnrelated(payload);
  }

  close(): Promise<void> {
    this.delivering = false;
    return this.lifecycle.close(
      async () => this.shutdown(),
      () => {
        this.settings.onEnd();
        this.onclose?.();
      },
    );
  }

  /**
   * A message the listener read from a POST. For a request, `res` becomes its stream. The only
   * initialize a session receives is the one that opened it (the listener refuses others).
   */
  accept(message: JsonRpcMessage, principal: Principal, answer?: { res: ServerResponse; headers: Record<string, string> }): void {
    if (answer && messageKind(message) === 'request') {
      const id = (message as { id: RequestId }).id;
      this.openRequest(id, answer.res, answer.headers);
      if (!this.stateless && (message as { method: string }).method === 'initialize') this.opening = { key: keyOf(id), headers: answer.headers };
    }
    if (this.delivering) this.deliver(message, { principal });
    else if (this.isOpenOrIdle()) this.held.push([message, { principal }]);
    const cancelled = cancelledRequest(message);
    if (cancelled !== undefined) this.requests.get(keyOf(cancelled))?.cancel();
  }

  /** Whether a request with this id is still waiting for its answer (a second one would be ambiguous). */
  hasOpenRequest(id: RequestId): boolean {
    return this.requests.has(keyOf(id));
  }

  /** The MCP-Protocol-Version header of the latest request. */
  noteProtocolVersion(version: string): void {
    this.protocol = version;
  }

  /** A bad frame POSTed into this session. */
  frameError(error: TransportError): void {
    if (this.delivering) this.onerror?.(error);
  }

  /** The standalone GET stream; `resuming` (the GET carried Last-Event-ID) takes it over from a connection still holding it. */
  attachStandalone(res: ServerResponse, headers: Record<string, string>, resuming = false): AttachResult {
    return this.attach(this.standalone!, res, headers, undefined, resuming);
  }

  /** Resumption by GET: the stream an event id belongs to, to be continued after that event. */
  findStream(eventId: string): { resume(res: ServerResponse, headers: Record<string, string>): AttachResult } | undefined {
    const streams = [this.standalone, ...[...this.requests.values()].map((request) => request.events), ...this.finished];
    for (const stream of streams) {
      const after = stream?.seqOf(eventId);
      if (after !== undefined) return { resume: (res, headers) => this.attach(stream!, res, headers, after, true) };
    }
    return undefined;
  }

  /**
   * A session whose initialize failed (refused by the policy or by the server) is never handed
   * out: its answer carries no Mcp-Session-Id, unless a streamed answer already sent it, and the
   * session ends, with its upstream, once the answer is written.
   */
  private answerOpening(stream: RequestStream, payload: Buffer, failed: boolean): Promise<void> {
    const headers = this.opening!.headers;
    this.opening = undefined;
    if (!failed) return stream.push(payload, true);
    delete headers['mcp-session-id'];
    return stream.push(payload, true).finally(() => void this.close());
  }

  private openRequest(id: RequestId, res: ServerResponse, headers: Record<string, string>): void {
    const key = keyOf(id);
    const stream: RequestStream = new RequestStream(res, {
      key: `r${++this.streamCount}`,
      limits: this.settings.limits,
      keepAliveMs: this.settings.keepAliveMs,
      headers,
      onEnd: () => {
        if (this.requests.get(key) === stream) this.requests.delete(key);
        this.keepFinished(stream.events);
        // A stateless session lives as long as its one request; and a session whose initialize
        // lost its client before the answer was sent has nobody holding its id, so nobody will
        // ever use or DELETE it: it would hold a session slot and its upstream until idle.
        if (this.stateless || this.opening?.key === key) void this.close();
      },
    });
    this.requests.set(key, stream);
  }

  /**
   * A second reader of a stream is refused (409, as the SDK's server does), unless it resumes: a
   * client reconnecting with Last-Event-ID after its connection died silently (a NAT or a load
   * balancer dropping it) would otherwise be refused for as long as warden still sees the dead
   * connection open, and lose what is sent meanwhile. The old connection is ended.
   */
  private attach(stream: EventStream, res: ServerResponse, headers: Record<string, string>, afterSeq: number | undefined, resuming: boolean): AttachResult {
    if (stream.attached && !resuming) return 'conflict';
    if (stream.attached) stream.release(new TransportError('closed', 'a resuming connection took the stream over'));
    stream.attach(new SseChannel(res, headers, this.settings.keepAliveMs, () => stream.detach()), afterSeq);
    return 'attached';
  }

  /**
   * A response can be written into a connection that is already dying; the client then
   * resumes with Last-Event-ID and must still find it. So the last few finished request
   * streams stay resumable.
   */
  private keepFinished(events: EventStream): void {
    if (!events.hasEvents) return;
    this.finished.push(events);
    if (this.finished.length > FINISHED_KEPT) this.finished.shift();
  }

  private usableRequest(id: RequestId): RequestStream | undefined {
    const stream = this.requests.get(keyOf(id));
    return stream?.usable ? stream : undefined;
  }

  private sendUnrelated(payload: Buffer): Promise<void> {
    if (this.standalone?.attached) return this.standalone.push(payload, false);
    const live = [...this.requests.values()].reverse().find((stream) => stream.live);
    if (live) return live.push(payload, false);
    if (this.standalone) return this.standalone.push(payload, false);
    return Promise.reject(new TransportError('closed', `${this.name}: the request this message belongs to was already answered`));
  }

  private deliver(message: JsonRpcMessage, extra: MessageExtra): void {
    if (this.delivering) this.onmessage?.(message, extra);
  }

  private isOpenOrIdle(): boolean {
    return this.lifecycle.sendRefusal()?.code !== 'closed';
  }

  private shutdown(): void {
    this.held.length = 0;
    const error = new TransportError('closed', `${this.name}: session closed before the message was handed off`);
    for (const stream of [...this.requests.values()]) stream.fail(error);
    this.requests.clear();
    for (const stream of this.finished.splice(0)) stream.fail(error);
    this.standalone?.fail(error);
  }
}

/** The request a client's notifications/cancelled names, if it is one. */
function cancelledRequest(message: JsonRpcMessage): RequestId | undefined {
  if (messageKind(message) !== 'notification') return undefined;
  const { method, params } = message as JsonRpcNotification;
  if (method !== 'notifications/cancelled') return undefined;
  const requestId = params?.requestId;
  return typeof requestId === 'string' || typeof requestId === 'number' ? requestId : undefined;
}

/** Map key of a request id: 1 and "1" are different requests. */
function keyOf(id: RequestId): string {
  return typeof id === 'number' ? `n${id}` : `s${id}`;
}
