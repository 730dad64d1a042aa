/**
 * dotenv-style files for a stdio upstream's environment: `NAME=VALUE` lines, `#` comments,
 * an optional `export ` prefix, and values optionally in single quotes (literal) or double
 * quotes (with \n, \t, \" and \\ escapes). Values are secrets: errors give the line, never
 * its text.
 */
import { readFileSync } from 'node:fs';
import type { ConfigDiagnostic } from './diagnostic.js';

const MAX_ENV_FILE_BYTES = 1024 * 1024;
const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

export type EnvFileResult = { ok: true; env: Record<string, string> } | { ok: false; errors: ConfigDiagnostic[] };

/** `cause` says where the file was named, for the error when it cannot be read. */
export function readEnvFile(file: string, cause: Omit<ConfigDiagnostic, 'message'>): EnvFileResult {
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_ENV_FILE_BYTES) return fail(cause, `env file ${file} is larger than ${MAX_ENV_FILE_BYTES} bytes`);
    text = bytes.toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(cause, code === 'ENOENT' ? `env file ${file} does not exist` : `cannot read env file ${file} (${code ?? 'error'})`);
  }
  return parseEnvFile(file, text);
}

export function parseEnvFile(file: string, text: string): EnvFileResult {
  const env: Record<string, string> = {};
  const errors: ConfigDiagnostic[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (/^\s*(#.*)?$/.test(raw)) return;
    const match = LINE.exec(raw);
    const value = match === null ? undefined : unquote(match[2]!);
    if (match === null || value === undefined) {
      errors.push({ file, path: '', line: index + 1, col: 1, message: 'expected NAME=VALUE (NAME: letters, digits and _; VALUE optionally quoted)' });
      return;
    }
    env[match[1]!] = value;
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, env };
}

/** The value of one line; undefined when its quoting is broken. */
function unquote(raw: string): string | undefined {
  const quote = raw[0];
  if (quote === '"' || quote === "'") {
    const end = closingQuote(raw, quote);
    if (end === -1 || !/^\s*(#.*)?$/.test(raw.slice(end + 1))) return undefined;
    const inner = raw.slice(1, end);
    return quote === "'" ? inner : inner.replace(/\\(.)/g, (all, c: string) => ESCAPES[c] ?? all);
  }
  // an unquoted value ends where a ` #` comment starts
  return raw.replace(/\s+#.*$/, '');
}

function closingQuote(raw: string, quote: string): number {
  for (let i = 1; i < raw.length; i++) {
    if (quote === '"' && raw[i] === '\\') i++;
    else if (raw[i] === quote) return i;
  }
  return -1;
}

function fail(cause: Omit<ConfigDiagnostic, 'message'>, message: string): EnvFileResult {
  return { ok: false, errors: [{ ...cause, message }] };
}
