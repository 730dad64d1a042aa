/**
 * The answer to one POSTed request. It starts undecided: if the first message for the request
 * is its response, that goes back as a plain `application/json` body (the cheap path, no event
 * framing). If a related notification or request comes first (progress, sampling,
 * elicitation), the response becomes an SSE stream, which ends after the response.
 */
import type { ServerResponse } from 'node:http';
import { TransportError } from '../../errors.js';
import { EventStream, type EventStreamLimits } from './event-stream.js';
import { SseChannel } from './sse-channel.js';

export interface RequestStreamSettings {
  readonly key: string;
  readonly limits: EventStreamLimits;
  readonly keepAliveMs: number;
  /** Headers every answer carries (CORS, Mcp-Session-Id). */
  readonly headers: Readonly<Record<string, string>>;
  /** The stream is over: its response was written, or it can no longer be delivered. */
  readonly onEnd: () => void;
}

type State = 'waiting' | 'events' | 'over';

export class RequestStream {
  private state: State = 'waiting';
  private res: ServerResponse | undefined;
  readonly events: EventStream;

  constructor(res: ServerResponse, private readonly settings: RequestStreamSettings) {
    this.res = res;
    this.events = new EventStream(settings.key, settings.limits, () => this.over());
    res.on('close', this.onClientGone);
  }

  /** Whether a message for this request can still reach the client on this stream (now or on resumption). */
  get usable(): boolean {
    return this.state !== 'over';
  }

  /** Attached to a live response: the client is reading it right now. */
  get live(): boolean {
    return this.state === 'waiting' || (this.state === 'events' && this.events.attached);
  }

  push(payload: Buffer, final: boolean): Promise<void> {
    if (this.state === 'waiting' && final) return this.answerJson(payload);
    if (this.state === 'waiting') this.openEvents();
    return this.events.push(payload, final);
  }

  /**
   * The client cancelled the request, so no response will come (the receiver of a cancellation
   * sends none): its answer ends now, an empty event stream if nothing was sent yet. Left open,
   * it would hold its connection, on both sides, for the rest of the session.
   */
  cancel(): void {
    if (this.state === 'over') return;
    if (this.state === 'waiting') this.openEvents();
    this.events.abandon();
  }

  /** The session closed before the response: an undecided request learns the session is gone. */
  fail(error: TransportError): void {
    if (this.state === 'waiting' && this.res && !this.res.headersSent) {
      this.res.writeHead(404, { ...this.settings.headers, 'content-type': 'application/json' });
      this.res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Session closed before the request was answered' } }));
    }
    this.events.fail(error);
    this.over();
  }

  private answerJson(payload: Buffer): Promise<void> {
    const res = this.detachResponse();
    return new Promise((resolve) => {
      res.writeHead(200, { ...this.settings.headers, 'content-type': 'application/json', 'content-length': String(payload.length) });
      // Settles on 'close' too: a client gone mid-answer must not leave the send pending.
      res.once('close', () => resolve());
      res.end(payload, () => resolve());
      this.over();
    });
  }

  private openEvents(): void {
    const res = this.detachResponse();
    this.state = 'events';
    this.events.attach(new SseChannel(res, this.settings.headers, this.settings.keepAliveMs, () => this.events.detach()));
  }

  private detachResponse(): ServerResponse {
    const res = this.res!;
    res.off('close', this.onClientGone);
    this.res = undefined;
    return res;
  }

  private over(): void {
    if (this.state === 'over') return;
    this.state = 'over';
    if (this.res) this.detachResponse();
    this.settings.onEnd();
  }

  /** Gone before anything was sent: the client holds no event id, so nothing can resume this stream. */
  private readonly onClientGone = (): void => {
    this.over();
  };
}
