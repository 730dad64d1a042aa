/**
 * C2SP signed-note with Ed25519 (algorithm byte 0x01): the envelope checkpoints travel in, so any
 * tlog tooling (witnesses, Go's golang.org/x/mod/sumdb/note) can read and check them.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

const ED25519 = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';

export interface NoteSignature {
  name: string;
  keyHash: Buffer;
  signature: Buffer;
  /** 1-based line of the signature in the note. */
  line: number;
}

export interface ParsedNote {
  /** The signed text, every line newline-terminated. */
  text: string;
  signatures: NoteSignature[];
}

export interface VerifierKey {
  name: string;
  keyHash: Buffer;
  publicKey: KeyObject;
}

/** Raw 32-byte Ed25519 public key of a public or private KeyObject. */
export function rawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  if (pub.asymmetricKeyType !== 'ed25519') throw new TypeError('key is not an Ed25519 key');
  const jwk = pub.export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url');
}

export function keyHash(name: string, raw: Uint8Array): Buffer {
  return createHash('sha256').update(`${name}\n`, 'utf8').update(Buffer.from([ED25519])).update(raw).digest().subarray(0, 4);
}

/** The signed-note verifier key string `<name>+<hash>+<base64(0x01 || key)>`. */
export function formatVerifierKey(name: string, key: KeyObject): string {
  const raw = rawPublicKey(key);
  return `${name}+${keyHash(name, raw).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), raw]).toString('base64')}`;
}

export function parseVerifierKey(text: string): VerifierKey | undefined {
  // base64 may itself contain '+', so only the first two separate fields.
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text.trim());
  if (!match) return undefined;
  const [, name, hash, encoded] = match as unknown as [string, string, string, string];
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== 33 || bytes[0] !== ED25519) return undefined;
  const raw = bytes.subarray(1);
  if (!keyHash(name, raw).equals(Buffer.from(hash, 'hex'))) return undefined;
  return { name, keyHash: Buffer.from(hash, 'hex'), publicKey: publicKeyFromRaw(raw) };
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

export function verifierFor(name: string, key: KeyObject): VerifierKey {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return { name, keyHash: keyHash(name, rawPublicKey(publicKey)), publicKey };
}

/** Appends one signature line to `text` (which must end in a newline). */
export function signNote(text: string, name: string, privateKey: KeyObject): string {
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKey);
  const hash = keyHash(name, rawPublicKey(privateKey));
  return `${text}\n${SIGNATURE_PREFIX}${name} ${Buffer.concat([hash, signature]).toString('base64')}\n`;
}

/** Splits a note into its text and signature lines, or says which line makes it malformed. */
export function parseNote(content: string): ParsedNote | { error: string; line: number } {
  const split = content.indexOf('\n\n');
  if (split < 0) return { error: 'no blank line between text and signatures', line: 1 };
  const text = content.slice(0, split + 1);
  const textLines = text.split('\n').length - 1;
  const rest = content.slice(split + 2);
  if (!rest.endsWith('\n')) return { error: 'note does not end with a newline', line: textLines + 2 };
  const signatures: NoteSignature[] = [];
  const lines = rest.slice(0, -1).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = textLines + 2 + i;
    const parsed = parseSignatureLine(lines[i]!);
    if (!parsed) return { error: 'malformed signature line', line };
    signatures.push({ ...parsed, line });
  }
  if (signatures.length === 0) return { error: 'note has no signature', line: textLines + 2 };
  return { text, signatures };
}

function parseSignatureLine(line: string): Omit<NoteSignature, 'line'> | undefined {
  if (!line.startsWith(SIGNATURE_PREFIX)) return undefined;
  const [name, encoded, extra] = line.slice(SIGNATURE_PREFIX.length).split(' ');
  if (!name || !encoded || extra !== undefined) return undefined;
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length < 5) return undefined;
  return { name, keyHash: bytes.subarray(0, 4), signature: bytes.subarray(4) };
}

export function signatureMatches(text: string, sig: NoteSignature, key: VerifierKey): boolean {
  if (sig.name !== key.name || !sig.keyHash.equals(key.keyHash) || sig.signature.length !== 64) return false;
  return verify(null, Buffer.from(text, 'utf8'), key.publicKey, sig.signature);
}
