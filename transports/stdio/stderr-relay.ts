/**
 * The server's stderr, as warden forwards it to its own. The server may be hostile, and its
 * stderr lands on the operator's terminal or log: raw, it could write escape sequences (OSC 52
 * clipboard writes, cursor moves over warden's earlier lines, window titles), lines that read as
 * warden's own, or enough volume to fill a disk. So each line is prefixed with the upstream's
 * name, control characters other than tab are written visibly (`\x1b`), a line is cut at
 * `maxLineBytes`, and at most `linesPerSecond` lines pass. What is dropped is said, with a count,
 * in warden's own words (`warden: ...`), which no forwarded line can begin with.
 */
import { Writable } from 'node:stream';

export interface StderrRelayOptions {
  /** Put before every forwarded line: `[name] `. */
  readonly name: string;
  /** Longest line forwarded, in bytes of the server's output; the rest is dropped and counted. Default: 4096. */
  readonly maxLineBytes?: number;
  /** Lines forwarded in any one second; more are dropped and counted. Default: 100. */
  readonly linesPerSecond?: number;
  /** Injected by tests. */
  readonly now?: () => number;
}

export const DEFAULT_MAX_LINE_BYTES = 4096;
export const DEFAULT_LINES_PER_SECOND = 100;

/**
 * C0 controls but tab, DEL, C1 controls (a terminal may read U+009B as CSI), and the characters
 * that reorder or break a line on display (bidirectional overrides and isolates, U+2028/U+2029).
 */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function visibleControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase()}`;
  });
}

/** A sink for the server's stderr that writes safe lines to `output` (warden's stderr); never ends it. */
export class StderrRelay extends Writable {
  private readonly output: Writable;
  private readonly name: string;
  private readonly maxLineBytes: number;
  private readonly linesPerSecond: number;
  private readonly now: () => number;
  private line: Buffer[] = [];
  private lineBytes = 0;
  private cutBytes = 0;
  private windowStart = -Infinity;
  private windowLines = 0;
  private droppedLines = 0;
  /** Lines dropped because warden's stderr was not keeping up (a full pipe): never buffered without bound. */
  private stalledLines = 0;

  constructor(output: Writable, options: StderrRelayOptions) {
    super();
    this.output = output;
    this.name = visibleControls(options.name);
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.linesPerSecond = options.linesPerSecond ?? DEFAULT_LINES_PER_SECOND;
    this.now = options.now ?? Date.now;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      this.collect(chunk.subarray(start, end));
      this.endLine();
      start = end + 1;
    }
    this.collect(chunk.subarray(start));
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    if (this.lineBytes > 0 || this.cutBytes > 0) this.endLine();
    this.reportDrops();
    done();
  }

  private collect(part: Buffer): void {
    const room = this.maxLineBytes - this.lineBytes;
    const kept = part.subarray(0, Math.max(0, room));
    if (kept.length > 0) this.line.push(kept);
    this.lineBytes += kept.length;
    this.cutBytes += part.length - kept.length;
  }

  private endLine(): void {
    const bytes = Buffer.concat(this.line);
    const cut = this.cutBytes;
    this.line = [];
    this.lineBytes = 0;
    this.cutBytes = 0;
    if (!this.admit()) return;
    // A line cut inside a character ends with U+FFFD, not a split sequence.
    const text = visibleControls(bytes.toString('utf8').replace(/\r$/, ''));
    this.writeLine(`[${this.name}] ${text}${cut > 0 ? ` ... (warden: ${cut} more bytes of this line dropped)` : ''}`);
  }

  /** Whether this line may pass: within the second's allowance, and warden's stderr keeping up. */
  private admit(): boolean {
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowLines = 0;
      this.reportDrops();
    }
    if (this.windowLines >= this.linesPerSecond) {
      this.droppedLines++;
      return false;
    }
    if (this.output.writableNeedDrain) {
      this.stalledLines++;
      return false;
    }
    this.windowLines++;
    return true;
  }

  private reportDrops(): void {
    const said: string[] = [];
    if (this.droppedLines > 0) said.push(`${this.droppedLines} lines dropped (more than ${this.linesPerSecond} a second)`);
    if (this.stalledLines > 0) said.push(`${this.stalledLines} lines dropped (warden's stderr was not keeping up)`);
    this.droppedLines = 0;
    this.stalledLines = 0;
    if (said.length > 0) this.writeLine(`warden: ${this.name} stderr: ${said.join('; ')}`);
  }

  private writeLine(line: string): void {
    this.output.write(`${line}\n`);
  }
}
