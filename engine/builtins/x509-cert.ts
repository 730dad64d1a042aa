import { X509Certificate } from 'node:crypto';
import { fail } from './args.js';
import { children, readTlv, splitDer } from './der.js';
import { decodeAllPem } from './pem.js';
import { goName } from './x509-name.js';

/**
 * Certificates as OPA reads them (a PEM string, or base64 of PEM or of
 * concatenated DER) and the JSON it returns for each: the commonly used
 * fields of Go's x509.Certificate under Go's names, plus OPA's URIStrings.
 */
export function parseCertificates(input: string): X509Certificate[] {
  const der = certificateDer(input);
  if (der.length === 0) fail('x509: malformed certificate');
  return der.map((d) => malformedIfThrows(() => new X509Certificate(d)));
}

function certificateDer(input: string): Buffer[] {
  const text = input.startsWith('-----BEGIN') ? input : strictBase64(input).toString('latin1');
  const blocks = decodeAllPem(text);
  const wrong = blocks.find((b) => b.type !== 'CERTIFICATE');
  if (wrong !== undefined) fail(`PEM block type is '${wrong.type}', expected CERTIFICATE`);
  if (blocks.length > 0) return blocks.flatMap((b) => malformedIfThrows(() => splitDer(b.bytes)));
  return malformedIfThrows(() => splitDer(Buffer.from(text, 'latin1')));
}

/** DER that does not hold together is what Go's x509 calls a malformed certificate. */
function malformedIfThrows<T>(read: () => T): T {
  try {
    return read();
  } catch {
    return fail('x509: malformed certificate');
  }
}

/** Go's base64.StdEncoding: padded, standard alphabet, CR and LF ignored. */
export function strictBase64(s: string): Buffer {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) fail('illegal base64 data');
  return Buffer.from(clean, 'base64');
}

export function certificateJson(cert: X509Certificate): Record<string, unknown> {
  const raw = cert.raw;
  const tbs = children(raw, readTlv(raw, 0))[0];
  const fields = children(raw, tbs);
  const offset = fields[0].tag === 0xa0 ? 1 : 0;
  const sans = subjectAltNames(cert.subjectAltName);
  return {
    Raw: raw.toString('base64'),
    Version: offset === 1 ? raw[children(raw, fields[0])[0].end - 1] + 1 : 1,
    SerialNumber: BigInt(`0x${cert.serialNumber}`),
    Issuer: goName(raw, fields[offset + 2]),
    Subject: goName(raw, fields[offset + 4]),
    NotBefore: rfc3339(cert.validFrom),
    NotAfter: rfc3339(cert.validTo),
    IsCA: cert.ca,
    DNSNames: sans.DNS ?? null,
    EmailAddresses: sans.email ?? null,
    IPAddresses: sans['IP Address'] ?? null,
    URIStrings: sans.URI ?? null,
  };
}

function rfc3339(nodeDate: string): string {
  return new Date(nodeDate).toISOString().replace(/\.000Z$/, 'Z');
}

/** Node's "DNS:a, URI:b" list; values holding separators come JSON-quoted. */
function subjectAltNames(list: string | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const entry of list?.match(/[^,:]+:(?:"(?:[^"\\]|\\.)*"|[^,]*)/g) ?? []) {
    const colon = entry.indexOf(':');
    const kind = entry.slice(0, colon).trim();
    const raw = entry.slice(colon + 1);
    (out[kind] ??= []).push(raw.startsWith('"') ? (JSON.parse(raw) as string) : raw);
  }
  return out;
}
