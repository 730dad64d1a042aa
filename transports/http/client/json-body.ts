/** Reads an `application/json` response body, keeping at most the size limit. */
import type http from 'node:http';
import { TransportError } from '../../errors.js';
import { BoundedMessage, type Collected } from './bounded-message.js';
import type { ReadFlow } from './read-flow.js';

export function readJsonBody(res: http.IncomingMessage, flow: ReadFlow, limit: number): Promise<Collected> {
  flow.track(res);
  const message = new BoundedMessage(limit);
  return new Promise((resolve) => {
    res.on('data', (chunk: Buffer) => message.push(chunk));
    // Reported through the close below; an unheard 'error' would crash the process.
    res.on('error', () => undefined);
    res.once('end', () => resolve(message.finish()));
    res.once('close', () => {
      if (!res.complete) resolve({ error: new TransportError('io_error', 'the upstream response body was cut off', { detail: { reason: 'body_incomplete' } }) });
    });
  });
}
