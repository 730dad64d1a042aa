import { fail, isObject, num, obj, typeFail, type JsonObject } from './args.js';
import { signV4, type Credentials } from './aws-sigv4.js';
import { writtenInteger } from './exact.js';
import { goMarshal } from './go-json.js';
import { withExactNumbers } from './host.js';
import { parseGoUrl } from './go-url.js';
import { stringSetText } from './rego-string.js';
import type { BuiltinTable } from './types.js';

/** providers.aws.sign_req: the request object with signed AWS SigV4 headers added. */

const CONFIG_KEYS = ['aws_access_key', 'aws_region', 'aws_secret_access_key', 'aws_service'];

/** OPA reads a non-string where it wants a string (a header value, the session token) as "". */
const asString = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * OPA's eval_type_error when an operand lacks string values for required keys: the missing keys
 * first, else those holding something else.
 */
function requireStrings(operand: number, o: JsonObject, keys: string[], what: string): void {
  const missing = keys.filter((k) => !(k in o));
  if (missing.length > 0) typeFail(`operand ${operand} missing required ${what} parameters(s): ${stringSetText(missing)}`);
  const invalid = keys.filter((k) => typeof o[k] !== 'string');
  if (invalid.length > 0) typeFail(`operand ${operand} invalid values for required ${what} parameters(s): ${stringSetText(invalid)}`);
}

function credentials(config: JsonObject): Credentials {
  requireStrings(2, config, CONFIG_KEYS, 'AWS config');
  const disable = config.disable_payload_signing ?? false;
  if (typeof disable !== 'boolean') typeFail("operand 2 invalid value for 'disable_payload_signing' in AWS config");
  return {
    accessKey: asString(config.aws_access_key), secretKey: asString(config.aws_secret_access_key), region: asString(config.aws_region),
    service: asString(config.aws_service), sessionToken: asString(config.aws_session_token), signPayload: !disable,
  };
}

/** raw_body is signed as it is; otherwise body is signed as Go's encoding/json writes it. */
function bodyText(req: JsonObject): string {
  if ('raw_body' in req) return asString(req.raw_body);
  return 'body' in req ? goMarshal(req.body) : '';
}

function signingTime(ns: unknown): Date {
  if (typeof ns === 'bigint') return new Date(Number(ns / 1_000_000n));
  const n = num(ns);
  if (!Number.isInteger(n)) fail('could not convert time_ns value into a unix timestamp');
  return new Date(Number(writtenInteger(n) / 1_000_000n));
}

function signRequest(request: unknown, config: unknown, timeNs: unknown): JsonObject {
  const req = obj(request);
  requireStrings(1, req, ['method', 'url'], 'request');
  const creds = credentials(obj(config));
  const time = signingTime(timeNs);
  const headers = req.headers ?? {};
  if (!isObject(headers)) fail('request headers must be an object');
  const stringHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, asString(v)]));
  const signed = signV4({ method: req.method as string, ...parseGoUrl(req.url as string), headers: stringHeaders, body: bodyText(req) }, creds, time);
  return { ...req, headers: { ...headers, ...signed } };
}

export const providersAwsBuiltins: BuiltinTable = {
  'providers.aws.sign_req': withExactNumbers(signRequest),
};
