/**
 * The hashes that bind the journal together: the chain hash (each entry's `prev` is the chain
 * hash of the line before it) and the RFC 6962 leaf and node hashes of the Merkle tree.
 */
import { createHash, hash } from 'node:crypto';

export const FORMAT_VERSION = 'mcp-warden/journal/v1';

// Domain separation keeps a chain hash from ever equalling a hash computed for another purpose
// over the same bytes (a Merkle leaf, a commitment, another format version).
const CHAIN_DOMAIN = Buffer.from(`${FORMAT_VERSION}\n`, 'utf8');

/** `prev` of the very first entry: no line hashes to it, since every line is a JSON object. */
export const GENESIS_PREV = createHash('sha256').update(`${FORMAT_VERSION}\ngenesis`, 'utf8').digest('hex');

/** Chain hash of one line, given without its terminating newline. */
export function chainHash(line: Uint8Array): string {
  // One-shot hashes of a copied buffer: a Hash object per call costs more than the copy.
  return hash('sha256', Buffer.concat([CHAIN_DOMAIN, line]), 'hex');
}

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

/** RFC 6962 leaf hash of one line, given without its terminating newline. */
export function leafHash(line: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, line]), 'buffer');
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
}

export function emptyTreeHash(): Buffer {
  return createHash('sha256').digest();
}
