/**
 * The far end of a Streamable HTTP session for the transport contract suite: frames are
 * POSTed into the session, and frames the transport sends are read off the session's
 * standalone GET stream.
 *
 * A POSTed request is answered only when the transport answers it, which the suite never
 * does, so "the frame was written" cannot be read off the HTTP exchange. `DeliveryProbe`
 * wraps the transport under test (forwarding everything) and tells the peer when the
 * transport has delivered a message or reported a frame error; writeFrame resolves then, or
 * when the POST is answered (202, a refusal), whichever comes first. That keeps frames in
 * order across the separate HTTP connections of separate POSTs.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { JsonRpcMessage } from '../../../../engine/protocol/jsonrpc.js';
import type { MessageExtra, SendOptions, Transport } from '../../../../transports/contract.js';
import type { TransportError } from '../../../../transports/errors.js';
import type { TransportPeer } from '../../contract.suite.js';
import { exchange, POST_HEADERS, type SseReader } from './fixtures.js';

/** The id of the `initialize` request that opened the session; the suite does not see it. */
export const OPENING_ID = 'contract-suite-opening';

export class DeliveryProbe implements Transport {
  onmessage?: (message: JsonRpcMessage, extra?: MessageExtra) => void;
  onclose?: () => void;
  onerror?: (error: TransportError) => void;
  private waiters: Array<() => void> = [];

  constructor(private readonly inner: Transport) {
    inner.onmessage = (message, extra) => {
      if (!('id' in message && message.id === OPENING_ID)) this.onmessage?.(message, extra);
      this.notify();
    };
    inner.onerror = (error) => {
      this.onerror?.(error);
      this.notify();
    };
    inner.onclose = () => this.onclose?.();
  }

  get name(): string {
    return this.inner.name;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JsonRpcMessage, options?: SendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Resolves at the next delivery or frame error. */
  nextDelivery(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

export class HttpSessionPeer implements TransportPeer {
  constructor(
    private readonly url: string,
    private readonly sessionId: string,
    private readonly stream: SseReader,
    private readonly probe: DeliveryProbe,
    private readonly agent: Agent,
  ) {}

  writeFrame(payload: string | Uint8Array): Promise<void> {
    const delivered = this.probe.nextDelivery();
    const answered = new Promise<void>((resolve) => {
      const req = httpRequest(this.url, { method: 'POST', headers: { ...POST_HEADERS, 'mcp-session-id': this.sessionId }, agent: this.agent }, (res) => {
        res.resume();
        resolve();
      });
      // A refused oversize body may be cut off mid-write; the refusal is what the test checks.
      req.on('error', () => resolve());
      req.end(payload);
    });
    return Promise.race([delivered, answered]);
  }

  async readFrame(timeoutMs?: number): Promise<Buffer> {
    return (await this.stream.next(timeoutMs)).data;
  }

  pauseReading(): void {
    this.stream.res.pause();
  }

  resumeReading(): void {
    this.stream.res.resume();
  }

  /** The client ending its session: DELETE, as the spec has it (a dropped connection ends nothing). */
  async close(): Promise<void> {
    await exchange(this.url, 'DELETE', { 'mcp-session-id': this.sessionId }, undefined, this.agent);
  }
}
