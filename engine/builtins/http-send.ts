import { fail, isObject, operandFail, typeFail, type JsonObject } from './args.js';
import { stringSetText } from './rego-string.js';
import type { BuiltinTable } from './types.js';

/**
 * http.send is deliberately disabled: a request inside a decision would make every decision
 * depend on the network and stall the proxy while it waits. Every request fails as a request
 * to an unreachable host fails in OPA, after the checks OPA makes before sending:
 * - by default (`raise_error` true) the call fails, so a policy that needs it is undefined
 *   there, which denies, and strict evaluation (`warden eval --strict-builtin-errors`, `warden
 *   test`) says why;
 * - with `"raise_error": false` it answers OPA's error object, `{"status_code": 0, "error":
 *   {"code", "message"}}`, so a policy written to deny on a failed lookup (`resp.status_code
 *   != 200`) denies instead of finding its response undefined.
 */
const REQUIRED = ['method', 'url'];

// The request fields OPA's http.send documents; anything else is an error before sending.
const KNOWN_FIELDS = new Set([
  'url', 'method', 'body', 'raw_body', 'headers', 'enable_redirect', 'force_json_decode', 'force_yaml_decode',
  'tls_use_system_certs', 'tls_ca_cert', 'tls_ca_cert_file', 'tls_ca_cert_env_variable', 'tls_client_cert',
  'tls_client_cert_file', 'tls_client_cert_env_variable', 'tls_client_key', 'tls_client_key_file',
  'tls_client_key_env_variable', 'tls_insecure_skip_verify', 'tls_server_name', 'timeout', 'cache', 'force_cache',
  'force_cache_duration_seconds', 'caching_mode', 'raise_error', 'max_retry_attempts', 'cache_ignored_headers',
]);

// The fields OPA reads as strings when it builds the request.
const STRING_FIELDS = [
  'method', 'url', 'raw_body', 'tls_ca_cert', 'tls_ca_cert_file', 'tls_ca_cert_env_variable', 'tls_client_cert',
  'tls_client_cert_file', 'tls_client_cert_env_variable', 'tls_client_key', 'tls_client_key_file',
  'tls_client_key_env_variable', 'tls_server_name',
];

const DISABLED = 'network requests are disabled in mcp-warden: a decision must not depend on the network';

function send(request: unknown): JsonObject {
  if (!isObject(request)) return operandFail(1, 'object', request);
  const raiseError = request.raise_error ?? true;
  if (typeof raiseError !== 'boolean') return fail('invalid value for raise_error field');
  const invalid = invalidRequest(request);
  if (invalid !== undefined) return raiseError ? typeFail(invalid) : failed('eval_http_send_internal_error', `eval_type_error: http.send: ${invalid}`);
  const notString = STRING_FIELDS.find((k) => Object.hasOwn(request, k) && typeof request[k] !== 'string');
  if (notString !== undefined) return raiseError ? fail(`"${notString}" must be a string`) : failed('eval_http_send_internal_error', `"${notString}" must be a string`);
  if (raiseError) return fail(DISABLED);
  return failed('eval_http_send_network_error', `${urlErrorOp(request.method as string)} ${JSON.stringify(request.url)}: ${DISABLED}`);
}

/** OPA's operand error for a request with fields it does not know or without the required ones. */
function invalidRequest(request: JsonObject): string | undefined {
  const unknown = Object.keys(request).filter((k) => !KNOWN_FIELDS.has(k));
  if (unknown.length > 0) return `operand 1 invalid request parameters(s): ${stringSetText(unknown)}`;
  const missing = REQUIRED.filter((k) => !Object.hasOwn(request, k));
  return missing.length > 0 ? `operand 1 missing required request parameters(s): ${stringSetText(missing)}` : undefined;
}

/** The result OPA gives for a request that failed when `raise_error` is false. */
function failed(code: string, message: string): JsonObject {
  return { status_code: 0, error: { code, message } };
}

/** Go's net/http names the operation of a failed request by its method: `Get`, `Post`. */
function urlErrorOp(method: string): string {
  const upper = method.toUpperCase();
  return upper === '' ? 'Get' : upper[0] + upper.slice(1).toLowerCase();
}

export const httpBuiltins: BuiltinTable = { 'http.send': send };
