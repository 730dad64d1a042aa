import { createPublicKey } from 'node:crypto';
import { fail } from './args.js';
import { children, readTlv } from './der.js';
import { decodePem } from './pem.js';
import { strictBase64 } from './x509-cert.js';
import { goName } from './x509-name.js';

/**
 * crypto.x509.parse_certificate_request: a PKCS#10 request (PEM, or base64
 * of PEM or DER) as a subset of Go's x509.CertificateRequest JSON. Node has
 * no CSR parser, so the structure is walked directly.
 */
export function parseCertificateRequest(input: string): Record<string, unknown> {
  const der = requestDer(input);
  const outer = readTlv(der, 0);
  if (outer.tag !== 0x30 || outer.end !== der.length) fail('asn1: structure error: tags don\'t match');
  const [info, , signature] = children(der, outer);
  const [version, subject, spki] = children(der, info);
  if (version.tag !== 0x02 || subject.tag !== 0x30 || spki.tag !== 0x30) fail('asn1: structure error');
  createPublicKey({ key: der.subarray(spki.start, spki.end), format: 'der', type: 'spki' });
  return {
    Raw: der.toString('base64'),
    RawTBSCertificateRequest: der.subarray(info.start, info.end).toString('base64'),
    RawSubjectPublicKeyInfo: der.subarray(spki.start, spki.end).toString('base64'),
    RawSubject: der.subarray(subject.start, subject.end).toString('base64'),
    Version: der[version.end - 1],
    Signature: der.subarray(signature.contentStart + 1, signature.end).toString('base64'),
    Subject: goName(der, subject),
  };
}

function requestDer(input: string): Buffer {
  const text = input.startsWith('-----BEGIN') ? input : strictBase64(input).toString('latin1');
  const block = decodePem(text);
  if (block === undefined) return Buffer.from(text, 'latin1');
  if (block.type !== 'CERTIFICATE REQUEST') fail(`invalid PEM block type ${block.type}`);
  return block.bytes;
}
