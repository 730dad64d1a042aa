/**
 * The journal's keys. One secret file, an Ed25519 private key in PKCS#8 PEM, signs the
 * journal's checkpoints; the HMAC key for payload commitments is derived from it, so
 * commitments stay checkable across restarts without a second secret to manage.
 */
import { createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { createWhole } from '../engine/journal/durable.js';
import { generateSigningKey } from '../engine/journal/signing-key.js';
import path from 'node:path';

export interface JournalKeys {
  signingKey: KeyObject;
  hmacKey: Uint8Array;
}

export interface KeyFileChecks {
  /** The key must not live here: whoever can write the journal could then take the key too. */
  journalDir?: string;
  /** Accept a key group or others can read, calling warn instead of refusing. */
  allowInsecurePermissions?: boolean;
  warn?: (message: string) => void;
}

/**
 * Reads the key file, creating it (mode 0600) when it does not exist yet. Refuses a key inside
 * the journal directory, and one readable by group or others unless allowed.
 */
export async function loadOrCreateKeys(file: string, checks: KeyFileChecks = {}): Promise<JournalKeys> {
  if (checks.journalDir !== undefined && isWithin(await realish(file), await realish(checks.journalDir))) {
    throw new Error(`the signing key must not be inside the journal directory ${checks.journalDir}`);
  }
  await checkPermissions(file, checks);
  const signingKey = await readPrivateKey(file).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    return createKeyFile(file);
  });
  if (signingKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file}: not an Ed25519 private key`);
  return { signingKey, hmacKey: commitmentKeyFrom(signingKey) };
}

/** A public key from a PEM file (public or private) or a signed-note verifier key string. */
export async function readPublicKey(fileOrKey: string): Promise<KeyObject | string> {
  const text = await readFile(fileOrKey, 'utf8').catch((error: NodeJS.ErrnoException) => {
    // Not a file: a verifier key is given inline (name+hash+base64).
    if (error.code === 'ENOENT' && fileOrKey.includes('+')) return undefined;
    throw error;
  });
  if (text === undefined) return fileOrKey;
  if (!text.includes('-----BEGIN')) return text.trim();
  return createPublicKey(text);
}

async function checkPermissions(file: string, checks: KeyFileChecks): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  // A directory's mode is 755 as a rule: saying so would send the operator to chmod it.
  if (info !== undefined && !info.isFile()) throw new Error(`${file} is not a file${info.isDirectory() ? ' (it is a directory)' : ''}: give the path of the key file`);
  const mode = info?.mode;
  if (mode === undefined || (mode & 0o077) === 0) return;
  const problem = `${file} is readable by group or others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`;
  if (!checks.allowInsecurePermissions) throw new Error(`${problem}, or pass --allow-insecure-key-permissions`);
  checks.warn?.(`warning: ${problem}`);
}

/** The real path of a file or of its nearest existing ancestor, so a key yet to be created is placed correctly. */
async function realish(p: string): Promise<string> {
  const absolute = path.resolve(p);
  const real = await realpath(absolute).catch(() => undefined);
  if (real !== undefined) return real;
  const parent = path.dirname(absolute);
  return parent === absolute ? absolute : path.join(await realish(parent), path.basename(absolute));
}

function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

async function readPrivateKey(file: string): Promise<KeyObject> {
  const text = await readFile(file, 'utf8');
  try {
    return createPrivateKey(text);
  } catch {
    // OpenSSL's own words ("error:1E08010C:DECODER routines::unsupported") say nothing of the file.
    throw new Error(`${file} does not hold a PEM private key`);
  }
}

/**
 * Wardens started at once on a fresh home (an agent platform launching several sessions) all find
 * no key. Only the first key written whole is put in place; the others read and use that one, so
 * every warden signs with the same key.
 */
async function createKeyFile(file: string): Promise<KeyObject> {
  const privateKey = generateSigningKey();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const created = await createWhole(file, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), { durable: true });
  return created ? privateKey : readPrivateKey(file);
}

function commitmentKeyFrom(signingKey: KeyObject): Uint8Array {
  const secret = signingKey.export({ format: 'der', type: 'pkcs8' });
  return new Uint8Array(hkdfSync('sha256', secret, Buffer.alloc(0), 'mcp-warden commitment key v1', 32));
}
