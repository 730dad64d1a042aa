/**
 * The client-facing stdio transport: mcp-warden is the server an MCP client launched, so
 * messages arrive on our stdin and leave on our stdout. Anything else the process prints
 * must go to stderr, or it corrupts the stream.
 */
import type { Readable, Writable } from 'node:stream';
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import type { Transport } from '../contract.js';
import { TransportError } from '../errors.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../framing/message-codec.js';
import { Lifecycle } from '../lifecycle.js';
import { NdjsonChannel } from './ndjson-channel.js';

export interface StdioServerTransportOptions {
  /** Where client messages arrive. Default: `process.stdin`. */
  readonly input?: Readable;
  /** Where our messages go. Default: `process.stdout`. Ended by close(). */
  readonly output?: Writable;
  /** Largest message accepted or sent, in bytes. Default: 4 MiB. */
  readonly maxMessageBytes?: number;
  /** Label for logs. Default: `stdio-server`. */
  readonly name?: string;
}

export class StdioServerTransport implements Transport {
  readonly name: string;
  onmessage?: (message: JsonRpcMessage) => void;
  onclose?: () => void;
  oninputend?: () => void;
  onerror?: (error: TransportError) => void;

  private readonly input: Readable;
  private readonly output: Writable;
  private readonly lifecycle: Lifecycle;
  private readonly channel: NdjsonChannel;

  constructor(options: StdioServerTransportOptions = {}) {
    this.name = options.name ?? 'stdio-server';
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.lifecycle = new Lifecycle(this.name);
    this.channel = new NdjsonChannel({ input: this.input, output: this.output }, options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES, {
      message: (message) => this.onmessage?.(message),
      frameError: (error) => this.onerror?.(error),
      // The client closing our stdin is how it ends the session; it still reads the answers to
      // what it sent before, when the owner takes care of them (oninputend).
      inputEnd: () => (this.oninputend ? this.oninputend() : void this.close()),
      outputEnd: () => void this.close(),
      failure: (error) => {
        this.onerror?.(error);
        void this.close();
      },
    });
  }

  async start(): Promise<void> {
    this.lifecycle.begin();
    this.channel.open();
  }

  send(message: JsonRpcMessage): Promise<void> {
    return this.sendNow(message) ?? Promise.resolve();
  }

  /** `send` without a promise when the message was handed off at once (engine/mediator MessageChannel). */
  sendNow(message: JsonRpcMessage): Promise<void> | undefined {
    const refusal = this.lifecycle.sendRefusal();
    return refusal ? Promise.reject(refusal) : this.channel.sendNow(message);
  }

  close(): Promise<void> {
    this.channel.mute();
    return this.lifecycle.close(
      async () => this.shutdown(),
      () => this.onclose?.(),
    );
  }

  private shutdown(): void {
    this.channel.refuseSends(new TransportError('closed', `${this.name}: closed before the message was handed off`));
    this.channel.detach();
    // Paused, stdin no longer holds the event loop open, so the process can exit.
    this.input.pause();
    // EOF tells a client reading a pipe that we are done; bytes already written still flush.
    this.output.end();
  }
}
