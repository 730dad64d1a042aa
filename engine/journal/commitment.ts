/**
 * Commitments: keyed HMAC-SHA256 over canonical JSON. They let an auditor who is given a payload
 * (and the key) prove it is the one journaled, while the journal alone reveals nothing; a plain
 * hash would not do, since arguments are often guessable and a guess could be checked offline.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { canonicalJson, NotJsonError } from './canonical.js';
import { JournalError } from './errors.js';

const COMMITMENT_DOMAIN = 'mcp-warden/commitment/v1\n';
const KEY_ID_DOMAIN = 'mcp-warden/commitment-key-id';

export interface CommitmentKey {
  key: Buffer;
  /** Journaled in `journal-open` so an auditor can tell which key a commitment needs. */
  id: string;
  ephemeral: boolean;
}

export function commitmentKey(supplied: Uint8Array | undefined): CommitmentKey {
  const key = supplied ? Buffer.from(supplied) : randomBytes(32);
  if (key.length < 16) throw new JournalError('invalid_option', 'hmacKey must be at least 16 bytes');
  return { key, id: createHmac('sha256', key).update(KEY_ID_DOMAIN).digest('hex').slice(0, 16), ephemeral: !supplied };
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
  return createHmac('sha256', key.key).update(COMMITMENT_DOMAIN).update(text, 'utf8').digest('hex');
}
