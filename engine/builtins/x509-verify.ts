import type { X509Certificate } from 'node:crypto';
import { arr, fail, isObject, num, str, type JsonObject } from './args.js';

/**
 * Chain verification as OPA sets it up for Go's Certificate.Verify: the
 * first certificate is the only root, the last is the leaf, the rest are
 * intermediates. The result is the chain from leaf to root.
 */
export interface VerifyOptions {
  dnsName: string;
  /** Milliseconds since the epoch. */
  now: number;
  /** Extended key usage OIDs the chain must allow (Go's default: server auth). */
  usages: string[];
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const ANY_USAGE = '2.5.29.37.0';
const MAX_DEPTH = 16;

const USAGE_OIDS: Record<string, string> = {
  KeyUsageAny: ANY_USAGE, KeyUsageServerAuth: SERVER_AUTH, KeyUsageClientAuth: '1.3.6.1.5.5.7.3.2',
  KeyUsageCodeSigning: '1.3.6.1.5.5.7.3.3', KeyUsageEmailProtection: '1.3.6.1.5.5.7.3.4',
  KeyUsageIPSECEndSystem: '1.3.6.1.5.5.7.3.5', KeyUsageIPSECTunnel: '1.3.6.1.5.5.7.3.6',
  KeyUsageIPSECUser: '1.3.6.1.5.5.7.3.7', KeyUsageTimeStamping: '1.3.6.1.5.5.7.3.8',
  KeyUsageOCSPSigning: '1.3.6.1.5.5.7.3.9', KeyUsageMicrosoftServerGatedCrypto: '1.3.6.1.4.1.311.10.3.3',
  KeyUsageNetscapeServerGatedCrypto: '2.16.840.1.113730.4.1',
  KeyUsageMicrosoftCommercialCodeSigning: '1.3.6.1.4.1.311.2.1.22', KeyUsageMicrosoftKernelCodeSigning: '1.3.6.1.4.1.311.61.1.1',
};

export const defaultVerifyOptions = (): VerifyOptions => ({ dnsName: '', now: Date.now(), usages: [SERVER_AUTH] });

/** parse_and_verify_certificates_with_options' object: DNSName, CurrentTime (ns), KeyUsages, MaxConstraintComparisons. */
export function verifyOptions(v: unknown): VerifyOptions {
  const o: JsonObject = isObject(v) ? v : fail('options must be an object');
  const out = defaultVerifyOptions();
  for (const [k, value] of Object.entries(o)) {
    if (k === 'DNSName') out.dnsName = str(value);
    else if (k === 'CurrentTime') out.now = num(value) / 1e6;
    else if (k === 'KeyUsages') out.usages = arr(value).map((u) => USAGE_OIDS[str(u)] ?? fail(`invalid key usage ${String(u)}`));
    else if (k !== 'MaxConstraintComparisons') fail(`invalid key option ${k}`);
  }
  return out;
}

export function verifyChain(certs: X509Certificate[], options: VerifyOptions): X509Certificate[] {
  if (certs.length < 2) fail('must supply at least two certificates to be able to verify');
  const root = certs[0];
  const intermediates = certs.slice(1, -1);
  const leaf = certs[certs.length - 1];
  if (options.dnsName !== '' && leaf.checkHost(options.dnsName) === undefined) fail('certificate is not valid for the DNS name');
  const chain = [leaf];
  for (let cur = leaf; !cur.raw.equals(root.raw);) {
    if (chain.length > MAX_DEPTH) fail('x509: chain too long');
    const issuer = [root, ...intermediates].find((c) => issues(c, cur));
    if (issuer === undefined) fail('x509: certificate signed by unknown authority');
    chain.push(issuer);
    cur = issuer;
  }
  if (!chain.every((c) => current(c, options.now) && allowsUsages(c, options.usages))) fail('x509: chain is not valid');
  return chain;
}

function issues(issuer: X509Certificate, cert: X509Certificate): boolean {
  return issuer.ca && cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

function current(cert: X509Certificate, now: number): boolean {
  return Date.parse(cert.validFrom) <= now && now <= Date.parse(cert.validTo);
}

/** A certificate without extended key usages allows any; Go accepts a chain allowing one of the requested. */
function allowsUsages(cert: X509Certificate, usages: string[]): boolean {
  const allowed = cert.keyUsage;
  if (allowed === undefined || allowed.length === 0 || allowed.includes(ANY_USAGE) || usages.includes(ANY_USAGE)) return true;
  return usages.some((u) => allowed.includes(u));
}
