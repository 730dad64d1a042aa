/**
 * Builtins the runtime runs natively when it can and hands to the host otherwise: the runtime
 * export takes the host builtin's id and context first, then the builtin's arguments, and calls
 * `warden_host_builtin` itself for what it does not handle (engine/runtime/assembly/builtins/regex.ts).
 */
const HYBRID: Readonly<Record<string, string>> = {
  'regex.match': 'warden_regex_match',
  re_match: 'warden_regex_match',
};

export function hybridExport(name: string): string | undefined {
  return Object.hasOwn(HYBRID, name) ? HYBRID[name] : undefined;
}
