/**
 * Server-Sent Events (WHATWG HTML, "event stream interpretation"), decoded from bytes with a
 * bound: the data of one event is collected by `BoundedMessage`, every other line is capped
 * at a small size, so no line or event can grow memory beyond the message limit.
 *
 * Why not eventsource-parser: it buffers a line until its end, however long, and hands out
 * strings; we need the bound enforced while bytes arrive, and bytes (UTF-8 is checked
 * strictly by the message codec, not replaced).
 */
import { BoundedMessage, type Collected } from './bounded-message.js';

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const NEWLINE = Buffer.from('\n');

/** `event`, `id`, `retry` and field names longer than this are ignored (real ones are tiny). */
const MAX_FIELD_LINE = 4096;

export interface SseEvent {
  /** The `event` field, `message` when absent. */
  readonly type: string;
  readonly data: Collected;
}

export interface SseSink {
  event(event: SseEvent): void;
  /** An `id` field was seen (it applies from this event on, as in EventSource). */
  lastEventId(id: string): void;
  retry(ms: number): void;
}

type LineState = 'name' | 'value' | 'ignore';

export class SseDecoder {
  private readonly data: BoundedMessage;
  private state: LineState = 'name';
  private name: number[] = [];
  private value: number[] = [];
  private lineIsEmpty = true;
  private valueStart = false;
  private dataField = false;
  private dataLines = 0;
  private type = '';
  private skipLf = false;

  constructor(limit: number, private readonly sink: SseSink) {
    this.data = new BoundedMessage(limit);
  }

  push(chunk: Uint8Array): void {
    let index = 0;
    if (this.skipLf && chunk.length > 0) {
      if (chunk[0] === LF) index = 1;
      this.skipLf = false;
    }
    while (index < chunk.length) {
      const brk = lineBreak(chunk, index);
      this.lineBytes(chunk.subarray(index, brk === -1 ? chunk.length : brk));
      if (brk === -1) return;
      this.endLine();
      index = brk + 1;
      if (chunk[brk] === CR) {
        if (index === chunk.length) this.skipLf = true;
        else if (chunk[index] === LF) index++;
      }
    }
  }

  private lineBytes(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.lineIsEmpty = false;
    let rest = bytes;
    if (this.state === 'name') {
      const colon = rest.indexOf(COLON);
      const namePart = colon === -1 ? rest : rest.subarray(0, colon);
      if (!appendCapped(this.name, namePart)) this.state = 'ignore';
      if (colon === -1 || this.state === 'ignore') return;
      // A line starting with a colon is a comment.
      this.state = colon === 0 && this.name.length === 0 ? 'ignore' : 'value';
      this.valueStart = true;
      this.startValue(this.name);
      rest = rest.subarray(colon + 1);
    }
    if (this.state === 'value') this.valueBytes(rest);
  }

  private startValue(name: number[]): void {
    this.dataField = name.length === 4 && Buffer.from(name).toString('latin1') === 'data';
    if (!this.dataField) return;
    if (this.dataLines > 0) this.data.push(NEWLINE);
    this.dataLines++;
  }

  private valueBytes(bytes: Uint8Array): void {
    let rest = bytes;
    if (this.valueStart && rest.length > 0) {
      this.valueStart = false;
      if (rest[0] === SPACE) rest = rest.subarray(1);
    }
    if (this.dataField) this.data.push(rest);
    else if (!appendCapped(this.value, rest)) this.state = 'ignore';
  }

  private endLine(): void {
    if (this.lineIsEmpty) this.dispatch();
    else if (this.state === 'name') {
      // A field name without a colon has an empty value (`data` alone is an empty data line).
      this.startValue(this.name);
      this.field('');
    } else if (this.state === 'value') this.field(Buffer.from(this.value).toString('utf8'));
    this.state = 'name';
    this.name = [];
    this.value = [];
    this.lineIsEmpty = true;
    this.valueStart = false;
    this.dataField = false;
  }

  private field(value: string): void {
    switch (Buffer.from(this.name).toString('utf8')) {
      case 'event':
        this.type = value;
        return;
      case 'id':
        if (!value.includes('\0')) this.sink.lastEventId(value);
        return;
      case 'retry':
        if (/^\d+$/.test(value)) this.sink.retry(Number(value));
        return;
    }
  }

  private dispatch(): void {
    const type = this.type || 'message';
    const empty = this.data.byteLength === 0;
    const data = this.data.finish();
    const had = this.dataLines > 0;
    this.dataLines = 0;
    this.type = '';
    // An event with no data (e.g. a priming event carrying only an id) delivers nothing.
    if (had && !empty) this.sink.event({ type, data });
  }
}

function lineBreak(chunk: Uint8Array, from: number): number {
  const lf = chunk.indexOf(LF, from);
  const cr = chunk.indexOf(CR, from);
  if (lf === -1) return cr;
  if (cr === -1) return lf;
  return Math.min(lf, cr);
}

function appendCapped(target: number[], bytes: Uint8Array): boolean {
  if (target.length + bytes.length > MAX_FIELD_LINE) return false;
  for (const byte of bytes) target.push(byte);
  return true;
}
