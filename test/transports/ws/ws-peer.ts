/**
 * The far end of a WebSocket connection, for the contract suite and the ws tests: a raw `ws`
 * socket (client or server side) that writes text frames and queues the frames it receives.
 * The socket may not exist yet when the peer is built (the client transport connects in start).
 */
import type { WebSocket } from 'ws';
import type { TransportPeer } from '../contract.suite.js';
import { Inbox } from '../../support/inbox.js';

export class WsPeer implements TransportPeer {
  private readonly inbox = new Inbox<Buffer>('frame from the transport');
  private paused = false;
  private socket: WebSocket | undefined;
  private attached!: (socket: WebSocket) => void;
  private readonly connection = new Promise<WebSocket>((resolve) => (this.attached = resolve));
  /** Settles with the close code and reason once the connection has closed. */
  readonly closed = new Promise<{ code: number; reason: string }>((resolve) => {
    void this.connection.then((socket) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  });

  /**
   * Call synchronously where the socket appears (its constructor, or a server's 'connection'):
   * frames that came in the same packet as the handshake are emitted before any promise resolves.
   */
  attach(socket: WebSocket): this {
    this.socket = socket;
    // ws ignores pause() until the handshake is done, and the suite may pause before that.
    socket.once('open', () => this.paused && socket.pause());
    // The far side may vanish mid-write in hang-up tests; that is the point, not a failure.
    socket.on('error', () => undefined);
    socket.on('message', (data: Buffer) => this.inbox.push(data));
    this.attached(socket);
    return this;
  }

  async writeFrame(payload: string | Uint8Array): Promise<void> {
    return this.write(payload, false);
  }

  /** A binary frame, which the binding does not allow. */
  async writeBinary(payload: Uint8Array): Promise<void> {
    return this.write(payload, true);
  }

  readFrame(timeoutMs = 5000): Promise<Buffer> {
    return this.inbox.next(timeoutMs);
  }

  pauseReading(): void {
    this.paused = true;
    this.socket?.pause();
  }

  resumeReading(): void {
    this.paused = false;
    this.socket?.resume();
  }

  async close(): Promise<void> {
    const socket = await this.connection;
    socket.close(1000);
  }

  /** Drops the connection without a close frame, as a crashed peer would. */
  async terminate(): Promise<void> {
    (await this.connection).terminate();
  }

  private async write(payload: string | Uint8Array, binary: boolean): Promise<void> {
    const socket = await this.connection;
    if (socket.readyState === socket.CONNECTING) await new Promise((resolve) => socket.once('open', resolve));
    await new Promise<void>((resolve, reject) => socket.send(payload, { binary }, (error) => (error ? reject(error) : resolve())));
  }
}
