/**
 * The hashes that bind the journal together: the chain hash (each entry's `prev` is the chain
 * hash of the line before it) and the RFC 6962 leaf and node hashes of the Merkle tree.
 *
 * Every decision hashes two lines and about one Merkle node, so these are one-shot hashes with
 * hex output: a Hash object, a Buffer.concat or a Buffer result each cost more than hashing a
 * journal line. A line the writer has as text is hashed as text: its domain prefix is ASCII, or
 * the single byte 0x00, which UTF-8 encodes as itself.
 */
import { createHash, hash, type Hash } from 'node:crypto';

export const FORMAT_VERSION = 'mcp-warden/journal/v1';

// Domain separation keeps a chain hash from ever equalling a hash computed for another purpose
// over the same bytes (a Merkle leaf, a commitment, another format version).
const CHAIN_DOMAIN = `${FORMAT_VERSION}\n`;
const CHAIN_DOMAIN_BYTES = Buffer.from(CHAIN_DOMAIN, 'utf8');

/** `prev` of the very first entry: no line hashes to it, since every line is a JSON object. */
export const GENESIS_PREV = createHash('sha256').update(`${FORMAT_VERSION}\ngenesis`, 'utf8').digest('hex');

/** Chain hash of one line, given without its terminating newline, as text or as the bytes read back. */
export function chainHash(line: string | Uint8Array): string {
  return typeof line === 'string' ? hash('sha256', CHAIN_DOMAIN + line, 'hex') : hash('sha256', Buffer.concat([CHAIN_DOMAIN_BYTES, line]), 'hex');
}

const LEAF_PREFIX = '\u0000';
const LEAF_PREFIX_BYTES = Buffer.from([0]);

/** RFC 6962 leaf hash (hex) of one line, given without its terminating newline. */
export function leafHash(line: string | Uint8Array): string {
  return typeof line === 'string' ? hash('sha256', LEAF_PREFIX + line, 'hex') : hash('sha256', Buffer.concat([LEAF_PREFIX_BYTES, line]), 'hex');
}

/** The chain hash and the leaf hash of a line too long to hold (read.ts), fed a piece at a time. */
export function lineHashers(): { chain: Hash; leaf: Hash } {
  return { chain: createHash('sha256').update(CHAIN_DOMAIN_BYTES), leaf: createHash('sha256').update(LEAF_PREFIX_BYTES) };
}

/** 0x01, then the two child hashes; refilled for each node (hash() reads it before returning). */
const NODE_INPUT = Buffer.alloc(65, 1);

/** RFC 6962 interior node hash (hex) of two child hashes (hex). */
export function nodeHash(left: string, right: string): string {
  NODE_INPUT.write(left, 1, 32, 'hex');
  NODE_INPUT.write(right, 33, 32, 'hex');
  return hash('sha256', NODE_INPUT, 'hex');
}

export function emptyTreeHash(): Buffer {
  return createHash('sha256').digest();
}
