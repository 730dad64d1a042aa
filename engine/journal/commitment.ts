/**
 * Commitments: keyed HMAC-SHA256 over canonical JSON. They let an auditor who is given a payload
 * (and the key) prove it is the one journaled, while the journal alone reveals nothing; a plain
 * hash would not do, since arguments are often guessable and a guess could be checked offline.
 */
import { createHash, createHmac, hash, randomBytes } from 'node:crypto';
import { canonicalJson, NotJsonError } from './canonical.js';
import { JournalError } from './errors.js';

const COMMITMENT_DOMAIN = 'mcp-warden/commitment/v1\n';
const KEY_ID_DOMAIN = 'mcp-warden/commitment-key-id';

export interface CommitmentKey {
  /** Journaled in `journal-open` so an auditor can tell which key a commitment needs. */
  id: string;
  ephemeral: boolean;
  /** The key's HMAC-SHA256 pads (RFC 2104), worked out once instead of per commitment. */
  pads: { inner: Buffer; outer: Buffer };
}

const SHA256_BLOCK = 64;

export function commitmentKey(supplied: Uint8Array | undefined): CommitmentKey {
  const key = supplied ? Buffer.from(supplied) : randomBytes(32);
  if (key.length < 16) throw new JournalError('invalid_option', 'hmacKey must be at least 16 bytes');
  return { id: createHmac('sha256', key).update(KEY_ID_DOMAIN).digest('hex').slice(0, 16), ephemeral: !supplied, pads: hmacPads(key) };
}

/** RFC 2104: a key longer than the block is hashed first; the block-sized key XOR 0x36 and 0x5c. */
function hmacPads(key: Buffer): { inner: Buffer; outer: Buffer } {
  const block = Buffer.alloc(SHA256_BLOCK);
  (key.length > SHA256_BLOCK ? createHash('sha256').update(key).digest() : key).copy(block);
  const inner = Buffer.alloc(SHA256_BLOCK);
  const outer = Buffer.alloc(SHA256_BLOCK);
  for (let i = 0; i < SHA256_BLOCK; i++) {
    inner[i] = block[i]! ^ 0x36;
    outer[i] = block[i]! ^ 0x5c;
  }
  return { inner, outer };
}

/**
 * HMAC-SHA256 as two one-shot hashes over the precomputed pads: the same bytes createHmac gives
 * (test/engine/journal/commitment.test.ts checks it), at a fraction of its per-call cost, which
 * every decision pays once or twice.
 */
function hmacHex(key: CommitmentKey, text: string): string {
  const inner = hash('sha256', Buffer.concat([key.pads.inner, Buffer.from(COMMITMENT_DOMAIN + text, 'utf8')]), 'buffer');
  return hash('sha256', Buffer.concat([key.pads.outer, inner]), 'hex');
}

export function commit(key: CommitmentKey, payload: unknown): string {
  if (payload === undefined) throw new JournalError('invalid_entry', 'cannot commit to payload: payload is undefined');
  let text: string;
  try {
    text = canonicalJson(payload);
  } catch (error) {
    if (error instanceof NotJsonError) throw new JournalError('invalid_entry', `cannot commit to payload: ${error.message}`);
    throw error;
  }
  return hmacHex(key, text);
}
