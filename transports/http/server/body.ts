/**
 * Reads a request body up to a limit. Past the limit it stops reading at once (the caller
 * answers 413 and drops the connection), so a client can never make us buffer more than the
 * limit, whatever Content-Length says or omits.
 */
import type { IncomingMessage } from 'node:http';
import { tooLarge } from '../../framing/message-codec.js';
import type { TransportError } from '../../errors.js';

/** `gone`: the client left before the body ended; there is nobody to answer. */
export type Body = { readonly bytes: Buffer } | { readonly tooLarge: TransportError } | { readonly gone: true };

export function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ tooLarge: tooLarge(declared, limit, 'incoming') });
  if (req.complete) return Promise.resolve(parsedBody(req, limit));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        finish();
        req.pause();
        resolve({ tooLarge: tooLarge(size, limit, 'incoming') });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      finish();
      resolve({ bytes: Buffer.concat(chunks, size) });
    };
    const onAbort = (): void => {
      finish();
      resolve({ gone: true });
    };
    const finish = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onAbort);
      req.off('error', onAbort);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onAbort);
    req.on('error', onAbort);
  });
}

/**
 * A small body usually comes in the same packet as the headers, so the parser has it all before
 * the listener asks: taken synchronously, without the turns a flowing stream's events cost.
 */
function parsedBody(req: IncomingMessage, limit: number): Body {
  const bytes = (req.read() as Buffer | null) ?? Buffer.alloc(0);
  return bytes.length > limit ? { tooLarge: tooLarge(bytes.length, limit, 'incoming') } : { bytes };
}
