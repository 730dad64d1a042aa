import { fail, isObject, operandFail, typeFail } from './args.js';
import { stringSetText } from './rego-string.js';
import type { BuiltinTable } from './types.js';

/**
 * http.send is deliberately disabled: a request inside a decision would make every decision
 * depend on the network and stall the proxy while it waits. The request is still checked as OPA
 * checks it before sending, so a malformed one gets OPA's type error; then the call fails. A
 * policy that needs it is undefined there, which denies, and strict evaluation (`warden eval
 * --strict-builtin-errors`, `warden test`) says why.
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

function send(request: unknown): never {
  if (!isObject(request)) return operandFail(1, 'object', request);
  const invalid = Object.keys(request).filter((k) => !KNOWN_FIELDS.has(k));
  if (invalid.length > 0) typeFail(`invalid request parameters(s): ${stringSetText(invalid)}`);
  const missing = REQUIRED.filter((k) => !Object.hasOwn(request, k));
  if (missing.length > 0) typeFail(`missing required request parameters(s): ${stringSetText(missing)}`);
  return fail('network requests are disabled in mcp-warden: a decision must not depend on the network');
}

export const httpBuiltins: BuiltinTable = { 'http.send': send };
