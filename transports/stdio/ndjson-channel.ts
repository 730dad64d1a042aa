/**
 * Newline-delimited JSON-RPC over a pair of Node streams: the part both stdio transports
 * share. It reads and decodes the input, writes with backpressure to the output, and leaves
 * lifecycle decisions (when to close, what "peer gone" means) to the transport using it.
 */
import type { Readable, Writable } from 'node:stream';
import type { JsonRpcMessage } from '../../engine/protocol/jsonrpc.js';
import { TransportError } from '../errors.js';
import { encodeNdjsonText, NdjsonDecoder } from '../framing/ndjson.js';
import type { Decoded } from '../framing/message-codec.js';
import { StreamWriter } from './stream-writer.js';

export interface ChannelEvents {
  message(message: JsonRpcMessage): void;
  /** A bad frame: dropped, reading goes on. */
  frameError(error: TransportError): void;
  /** The input reached its end (or was destroyed); everything before it has been delivered. */
  inputEnd(): void;
  /** The output closed: nothing more can be sent (queued sends have been refused). */
  outputEnd(): void;
  /** A stream failed; the link is unusable. */
  failure(error: TransportError): void;
}

export interface ChannelStreams {
  readonly input: Readable;
  readonly output: Writable;
}

export class NdjsonChannel {
  private readonly decoder: NdjsonDecoder;
  private readonly writer: StreamWriter;
  private delivering = false;
  private inputDone = false;
  private paused = false;

  constructor(
    private readonly streams: ChannelStreams,
    private readonly maxMessageBytes: number,
    private readonly events: ChannelEvents,
  ) {
    this.decoder = new NdjsonDecoder(maxMessageBytes);
    this.writer = new StreamWriter(streams.output);
  }

  open(): void {
    const { input, output } = this.streams;
    this.delivering = true;
    input.on('data', this.onData);
    input.on('end', this.onEnd);
    input.on('close', this.onEnd);
    input.on('error', this.onInputError);
    output.on('error', this.onOutputError);
    output.on('close', this.onOutputClose);
  }

  send(message: JsonRpcMessage): Promise<void> {
    return this.sendNow(message) ?? Promise.resolve();
  }

  /** `send`, with no promise when the frame was handed off at once (see StreamWriter.writeNow). */
  sendNow(message: JsonRpcMessage): Promise<void> | undefined {
    let frame: string;
    try {
      frame = encodeNdjsonText(message, this.maxMessageBytes);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.writer.writeNow(frame);
  }

  /** Stops reading: the pipe fills and the peer blocks writing until resume(). */
  pause(): void {
    this.paused = true;
    this.streams.input.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.streams.input.resume();
  }

  /** Stops delivering: whatever still arrives is read and dropped, so the peer never blocks on a full pipe. */
  mute(): void {
    this.delivering = false;
    this.resume();
  }

  /** Rejects queued and future sends with `error`. */
  refuseSends(error: TransportError): void {
    this.writer.fail(error);
  }

  /**
   * Unhooks from both streams. Error listeners stay as no-ops: a write made before closing can
   * still fail afterwards (EPIPE), and an unheard 'error' would crash the process.
   */
  detach(): void {
    const { input, output } = this.streams;
    this.mute();
    input.off('data', this.onData);
    input.off('end', this.onEnd);
    input.off('close', this.onEnd);
    input.off('error', this.onInputError);
    output.off('error', this.onOutputError);
    output.off('close', this.onOutputClose);
    input.on('error', ignore);
    output.on('error', ignore);
  }

  private deliver(results: Decoded[]): void {
    for (const result of results) {
      // A callback may close the transport mid-batch; honour that at once.
      if (!this.delivering) return;
      if ('message' in result) this.events.message(result.message);
      else this.events.frameError(result.error);
    }
  }

  private readonly onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.deliver(this.decoder.push(bytes));
  };

  private readonly onEnd = (): void => {
    if (this.inputDone) return;
    this.inputDone = true;
    this.deliver(this.decoder.end());
    this.events.inputEnd();
  };

  private readonly onOutputClose = (): void => {
    // Without this, a send waiting for 'drain' on a stream that closed would wait forever.
    this.writer.fail(new TransportError('closed', 'the output stream closed'));
    this.events.outputEnd();
  };

  private readonly onInputError = (cause: Error): void => {
    this.events.failure(new TransportError('io_error', `reading failed: ${cause.message}`, { cause }));
  };

  private readonly onOutputError = (cause: Error): void => {
    this.events.failure(new TransportError('io_error', `writing failed: ${cause.message}`, { cause }));
  };
}

function ignore(): void {}
