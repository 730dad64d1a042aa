/**
 * Reads one SSE response body and hands each event's data on, remembering what resumption
 * needs: the last event id and the server's `retry` hint.
 */
import type http from 'node:http';
import type { Collected } from './bounded-message.js';
import type { ReadFlow } from './read-flow.js';
import { SseDecoder } from './sse-decoder.js';

export interface StreamCursor {
  lastEventId: string | undefined;
  retryMs: number | undefined;
}

/** `ended`: the server finished the body; `broken`: the connection failed mid-stream. */
export type StreamEnd = 'ended' | 'broken';

export type EventHandler = (type: string, data: Collected) => void;

export function readEventStream(res: http.IncomingMessage, flow: ReadFlow, limit: number, cursor: StreamCursor, onEvent: EventHandler): Promise<StreamEnd> {
  flow.track(res);
  const decoder = new SseDecoder(limit, {
    event: (event) => onEvent(event.type, event.data),
    lastEventId: (id) => (cursor.lastEventId = id),
    retry: (ms) => (cursor.retryMs = ms),
  });
  return new Promise((resolve) => {
    let done = false;
    const finish = (end: StreamEnd): void => {
      if (done) return;
      done = true;
      res.off('data', onData);
      resolve(end);
    };
    const onData = (chunk: Buffer): void => decoder.push(chunk);
    res.on('data', onData);
    res.once('end', () => finish('ended'));
    res.once('aborted', () => finish('broken'));
    res.on('error', () => finish('broken'));
    res.once('close', () => finish(res.complete ? 'ended' : 'broken'));
  });
}

export function isEventStream(res: http.IncomingMessage): boolean {
  return mediaType(res) === 'text/event-stream';
}

export function isJson(res: http.IncomingMessage): boolean {
  return mediaType(res) === 'application/json';
}

function mediaType(res: http.IncomingMessage): string {
  return (res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}
