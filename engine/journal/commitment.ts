/**
 * Commitments: keyed HMAC-SHA256 over canonical JSON. They let an auditor who is given a payload
 * (and the key) prove it is the one journaled, while the journal alone reveals nothing; a plain
 * hash would not do, since arguments are often guessable and a guess could be checked offline.
 */
import { createHash, createHmac, hash, randomBytes, type Hash } from 'node:crypto';
import { canonicalJson, NotJsonError } from './canonical.js';
import { takenText } from '../protocol/message-text.js';
import { JournalError } from './errors.js';

const COMMITMENT_DOMAIN = 'mcp-warden/commitment/v1\n';
const KEY_ID_DOMAIN = 'mcp-warden/commitment-key-id';

export interface CommitmentKey {
  /** Journaled in `journal-open` so an auditor can tell which key a commitment needs. */
  id: string;
  ephemeral: boolean;
  /**
   * The inputs of HMAC-SHA256's two hashes, each starting with the key's pad (RFC 2104), worked
   * out once instead of per commitment, and the inner one with the domain after it; see hmacHex.
   */
  inputs: { inner: Buffer; outer: Buffer };
  /** The inner hash with the pad and the domain taken in, copied for a text too long for `inputs.inner`. */
  innerStart: Hash;
}

const SHA256_BLOCK = 64;
const DOMAIN_BYTES = Buffer.from(COMMITMENT_DOMAIN, 'utf8');
const TEXT_AT = SHA256_BLOCK + DOMAIN_BYTES.length;
const SHA256_BYTES = 32;
/** Payload text up to this many UTF-16 units is encoded into the key's own input buffer. */
const SCRATCH_UNITS = 16 * 1024;

export function commitmentKey(supplied: Uint8Array | undefined): CommitmentKey {
  const key = supplied ? Buffer.from(supplied) : randomBytes(32);
  if (key.length < 16) throw new JournalError('invalid_option', 'hmacKey must be at least 16 bytes');
  const inputs = hashInputs(hmacPads(key));
  const innerStart = createHash('sha256').update(inputs.inner.subarray(0, TEXT_AT));
  return { id: createHmac('sha256', key).update(KEY_ID_DOMAIN).digest('hex').slice(0, 16), ephemeral: !supplied, inputs, innerStart };
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

function hashInputs(pads: { inner: Buffer; outer: Buffer }): { inner: Buffer; outer: Buffer } {
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  const inner = Buffer.alloc(TEXT_AT + SCRATCH_UNITS * 3);
  pads.inner.copy(inner);
  DOMAIN_BYTES.copy(inner, SHA256_BLOCK);
  const outer = Buffer.alloc(SHA256_BLOCK + SHA256_BYTES);
  pads.outer.copy(outer);
  return { inner, outer };
}

/**
 * HMAC-SHA256 as two one-shot hashes over the precomputed pads: the same bytes createHmac gives
 * (test/engine/journal/commitment.test.ts checks it), at a fraction of its per-call cost, which
 * every decision pays once or twice. The text is encoded straight after the pad and the inner
 * digest straight after the other, in buffers kept with the key, so no input is concatenated.
 */
function hmacHex(key: CommitmentKey, text: string): string {
  key.inputs.outer.write(innerHex(key, text), SHA256_BLOCK, SHA256_BYTES, 'hex');
  return hash('sha256', key.inputs.outer, 'hex');
}

/** A longer text is hashed on from the inner hash's start, rather than copied into a buffer three times its length. */
function innerHex(key: CommitmentKey, text: string): string {
  if (text.length > SCRATCH_UNITS) return key.innerStart.copy().update(text, 'utf8').digest('hex');
  const end = TEXT_AT + key.inputs.inner.write(text, TEXT_AT, 'utf8');
  return hash('sha256', key.inputs.inner.subarray(0, end), 'hex');
}

export function commit(key: CommitmentKey, payload: unknown): string {
  if (payload === undefined) throw new JournalError('invalid_entry', 'cannot commit to payload: payload is undefined');
  let text: string;
  try {
    text = (typeof payload === 'object' && payload !== null ? takenText(payload) : undefined) ?? canonicalJson(payload);
  } catch (error) {
    if (error instanceof NotJsonError) throw new JournalError('invalid_entry', `cannot commit to payload: ${error.message}`);
    throw error;
  }
  return hmacHex(key, text);
}
