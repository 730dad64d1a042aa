import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 as OPA computes it for providers.aws.sign_req
 * (its own signer, not the AWS SDK's): the request's headers are signed
 * alongside host, x-amz-date and, for S3 and Glacier, x-amz-content-sha256,
 * with a request header of the same name taking the place of OPA's in the
 * signature (though not in the returned headers).
 */
export interface SigningRequest {
  method: string;
  host: string;
  /** The URL's path as Go's URL.EscapedPath gives it ("" when there is none). */
  path: string;
  rawQuery: string;
  headers: Record<string, string>;
  body: string;
}

export interface Credentials {
  accessKey: string;
  secretKey: string;
  region: string;
  sessionToken: string;
  service: string;
  signPayload: boolean;
}

/** Headers some proxies rewrite in flight, so signing them would break the signature. */
const UNSIGNED_HEADERS = new Set(['authorization', 'user-agent', 'x-amzn-trace-id']);

const sha256Hex = (data: string): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** The headers OPA adds to the request, Authorization first. */
export function signV4(req: SigningRequest, creds: Credentials, time: Date): Record<string, string> {
  const payloadHash = creds.signPayload ? sha256Hex(req.body) : 'UNSIGNED-PAYLOAD';
  const iso = time.toISOString().replace(/[-:]|\.\d+/g, '');
  const day = iso.slice(0, 8);
  const added: Record<string, string> = { host: req.host, 'x-amz-date': iso };
  if (creds.service === 's3' || creds.service === 'glacier') added['x-amz-content-sha256'] = payloadHash;
  if (creds.sessionToken !== '') added['x-amz-security-token'] = creds.sessionToken;

  const signed = new Map(Object.entries(added));
  for (const [name, value] of Object.entries(req.headers)) {
    if (!UNSIGNED_HEADERS.has(name.toLowerCase())) signed.set(name.toLowerCase(), value);
  }
  const names = [...signed.keys()].sort();
  const canonical = [
    req.method, req.path, req.rawQuery, ...names.map((n) => `${n}:${signed.get(n) ?? ''}`), '', names.join(';'), payloadHash,
  ].join('\n');
  const scope = `${day}/${creds.region}/${creds.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', iso, scope, sha256Hex(canonical)].join('\n');
  let key = hmac(`AWS4${creds.secretKey}`, day);
  for (const part of [creds.region, creds.service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  const authorization = `AWS4-HMAC-SHA256 Credential=${creds.accessKey}/${scope},SignedHeaders=${names.join(';')},Signature=${signature}`;
  return { Authorization: authorization, ...added };
}
