import { str } from './args.js';
import { firstPrivateKey, goPrivateKeyJson, parseKeyPair, privateKeysFromPem } from './private-keys.js';
import type { BuiltinTable } from './types.js';
import { certificateJson, parseCertificates } from './x509-cert.js';
import { parseCertificateRequest } from './x509-csr.js';
import { defaultVerifyOptions, verifyChain, verifyOptions, type VerifyOptions } from './x509-verify.js';

/** crypto.x509.* and crypto.parse_private_keys. Serial numbers and key integers come back exact. */

const INVALID = [false, []];

function parseAndVerify(certs: unknown, options: VerifyOptions): unknown {
  try {
    return [true, verifyChain(parseCertificates(str(certs)), options).map(certificateJson)];
  } catch {
    return INVALID;
  }
}

/** "" gives null and text without keys an empty list, as in OPA. */
function parsePrivateKeys(pem: unknown): unknown {
  const input = str(pem);
  if (input === '') return null;
  return privateKeysFromPem(input).map(goPrivateKeyJson);
}

function keyPair(cert: unknown, key: unknown): unknown {
  const pair = parseKeyPair(str(cert), str(key));
  return {
    Certificate: pair.certs.map((c) => c.raw.toString('base64')),
    PrivateKey: goPrivateKeyJson(pair.key),
    SupportedSignatureAlgorithms: null,
    OCSPStaple: null,
    SignedCertificateTimestamps: null,
    Leaf: certificateJson(pair.certs[0]),
  };
}

export const x509Builtins: BuiltinTable = {
  'crypto.x509.parse_certificates': (certs) => parseCertificates(str(certs)).map(certificateJson),
  'crypto.x509.parse_and_verify_certificates': (certs) => parseAndVerify(certs, defaultVerifyOptions()),
  'crypto.x509.parse_and_verify_certificates_with_options': (certs, options) => parseAndVerify(certs, verifyOptions(options)),
  'crypto.x509.parse_certificate_request': (csr) => parseCertificateRequest(str(csr)),
  'crypto.x509.parse_keypair': keyPair,
  'crypto.x509.parse_rsa_private_key': (pem) => firstPrivateKey(str(pem)).export({ format: 'jwk' }),
  'crypto.parse_private_keys': parsePrivateKeys,
};
