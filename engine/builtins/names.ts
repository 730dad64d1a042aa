/**
 * opa-wasm looks up its own sprintf, regex.split, json.is_valid and yaml.* before
 * `customBuiltins`, so a policy naming them would get the SDK's versions (sprintf-js, JS RegExp).
 * The compiler lists these under `hostBuiltinName(name)` in the module's builtins() table, and
 * `hostBuiltins` answers to both names. (Builtins the runtime implements natively never reach
 * the host at all.)
 */
const SDK_SHADOWED = new Set([
  'sprintf', 'regex.split', 'json.is_valid', 'yaml.is_valid', 'yaml.marshal', 'yaml.unmarshal',
]);
const ALIAS_PREFIX = 'mcp_warden.';

export function hostBuiltinName(name: string): string {
  return SDK_SHADOWED.has(name) ? ALIAS_PREFIX + name : name;
}
