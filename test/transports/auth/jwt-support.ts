/** Keys and tokens for the JWT tests, all made here with jose; nothing is read from disk. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import * as assert from 'uvu/assert';
import type { AuthResult } from '../../../transports/auth/authenticator.js';

export const ISSUER = 'https://issuer.test';
export const AUDIENCE = 'mcp-warden-test';

export interface Signer {
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

export async function signer(alg = 'ES256'): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, privateKey, publicKey };
}

export const now = (): number => Math.floor(Date.now() / 1000);

export interface TokenOptions {
  kid?: string;
  /** Claims replacing the defaults; `undefined` removes one. */
  claims?: Record<string, unknown>;
}

/** A token that passes every check unless `claims` says otherwise. */
export async function token(key: Signer, options: TokenOptions = {}): Promise<string> {
  const claims: Record<string, unknown> = { sub: 'alice', iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 300, roles: ['reader'], ...options.claims };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return new SignJWT(claims as JWTPayload)
    .setProtectedHeader({ alg: key.alg, ...(options.kid === undefined ? {} : { kid: options.kid }) })
    .sign(key.privateKey);
}

/** An unsigned token (`alg: none`), as an attacker would craft it. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

export function failure(result: AuthResult): Extract<AuthResult, { ok: false }> {
  if (result.ok) assert.unreachable(`expected a failure, got principal ${result.principal.id}`);
  return result as Extract<AuthResult, { ok: false }>;
}

/** Neither the token nor its signature may appear in a result, message or challenge. */
export function assertNoToken(result: AuthResult, jwt: string): void {
  const text = JSON.stringify(result);
  for (const part of jwt.split('.').filter((p) => p.length > 8)) assert.not.ok(text.includes(part), 'the result quotes the token');
}

export async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-jwt-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function writeIn(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}
