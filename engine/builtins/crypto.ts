import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { str } from './args.js';
import type { BuiltinTable } from './types.js';

/** Digests and HMACs of a string's UTF-8 bytes, as lowercase hex. */
const digest = (algorithm: string) => (s: unknown): string =>
  createHash(algorithm).update(str(s), 'utf8').digest('hex');

const hmac = (algorithm: string) => (message: unknown, key: unknown): string =>
  createHmac(algorithm, str(key)).update(str(message), 'utf8').digest('hex');

/** Constant-time like Go's hmac.Equal; unequal lengths are simply unequal. */
function hmacEqual(a: unknown, b: unknown): boolean {
  const x = Buffer.from(str(a), 'utf8');
  const y = Buffer.from(str(b), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export const cryptoBuiltins: BuiltinTable = {
  'crypto.md5': digest('md5'),
  'crypto.sha1': digest('sha1'),
  'crypto.sha256': digest('sha256'),
  'crypto.hmac.md5': hmac('md5'),
  'crypto.hmac.sha1': hmac('sha1'),
  'crypto.hmac.sha256': hmac('sha256'),
  'crypto.hmac.sha512': hmac('sha512'),
  'crypto.hmac.equal': hmacEqual,
};
