/**
 * One HTTP response used as a Server-Sent Events stream: frames events, keeps idle proxies
 * from cutting it with comment pings, and writes with backpressure. It knows nothing about
 * MCP; `EventStream` decides what goes on it.
 */
import type { ServerResponse } from 'node:http';
import { TransportError } from '../../errors.js';
import { StreamWriter } from '../../stdio/stream-writer.js';

const HEADERS = {
  'content-type': 'text/event-stream',
  // no-transform: a compressing proxy would hold events back until it has a block to compress.
  'cache-control': 'no-cache, no-transform',
  // nginx buffers responses unless told not to.
  'x-accel-buffering': 'no',
};

/** An event as SSE frames it. The payload is one line: JSON.stringify never emits CR or LF. */
export function sseEvent(id: string, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`id: ${id}\nevent: message\ndata: `, 'utf8'), payload, Buffer.from('\n\n', 'utf8')]);
}

export class SseChannel {
  private readonly writer: StreamWriter;
  private readonly pinger: NodeJS.Timeout;
  private finished = false;

  /** Sends the headers at once, so the client knows the stream is open. `onGone` fires if the client leaves first. */
  constructor(
    private readonly res: ServerResponse,
    headers: Readonly<Record<string, string>>,
    keepAliveMs: number,
    private readonly onGone: () => void,
  ) {
    res.writeHead(200, { ...headers, ...HEADERS });
    res.flushHeaders();
    this.writer = new StreamWriter(res);
    this.pinger = setInterval(() => this.ping(), keepAliveMs);
    this.pinger.unref();
    res.on('close', this.onClose);
    // A write racing the client's disconnect fails with EPIPE; 'close' follows and handles it.
    res.on('error', () => undefined);
  }

  /** Resolves once the response took the bytes within its buffer; rejects with `closed` if the client left first. */
  write(bytes: Buffer): Promise<void> {
    return this.writer.write(bytes);
  }

  /** Ends the response after what was written; waiting writes are refused with `error`. */
  end(error: TransportError): void {
    if (this.finished) return;
    this.stop(error);
    this.res.end();
  }

  private ping(): void {
    // A backed-up stream needs no ping, and a comment would only add to its buffer.
    if (!this.res.writableNeedDrain) this.res.write(': keepalive\n\n');
  }

  private stop(error: TransportError): void {
    this.finished = true;
    clearInterval(this.pinger);
    this.res.off('close', this.onClose);
    this.writer.fail(error);
  }

  private readonly onClose = (): void => {
    if (this.finished) return;
    this.stop(new TransportError('closed', 'the client closed the event stream'));
    this.onGone();
  };
}
