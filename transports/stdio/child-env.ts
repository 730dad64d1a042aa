/**
 * The environment an upstream server is started with. Warden's own environment often holds
 * credentials (API tokens, cloud keys) meant for warden alone; passing it through wholesale
 * would hand them to every server, so only a short allowlist is inherited and everything
 * else must be given explicitly.
 */

/** Enough for a typical server to find its tools, home, locale and temp dir. */
export const DEFAULT_INHERITED_ENV: readonly string[] = [
  'HOME', 'LOGNAME', 'USER', 'PATH', 'SHELL', 'TERM', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL', 'LC_CTYPE',
];

export function childEnvironment(
  explicit: Readonly<Record<string, string>> = {},
  inherit: readonly string[] = DEFAULT_INHERITED_ENV,
  source: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of inherit) {
    const value = source[key];
    // Values starting with "()" are exported shell functions: a classic injection vector.
    if (value !== undefined && !value.startsWith('()')) env[key] = value;
  }
  return { ...env, ...explicit };
}
