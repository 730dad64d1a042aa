/**
 * Command-line parsing shared by every command: node:util parseArgs in strict mode, with its
 * errors turned into UsageError so the entry point can print the message and the command's
 * usage and exit 2, the code scripts rely on to tell "you called it wrong" from "it failed".
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure already explained on stderr; carries the exit code to end with. */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
  constructor(message: string, readonly exitCode: number = EXIT_FAILURE) {
    super(message);
  }
}

export interface Command {
  /** One line for `warden --help`. */
  readonly summary: string;
  /** The full text `--help` prints. */
  readonly usage: string;
  /** Resolves with the process exit code. */
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Value = string | boolean | (string | boolean)[] | undefined;

export interface Parsed {
  values: Record<string, Value>;
  positionals: string[];
}

/** `-h`/`--help` anywhere before a `--` (after it, flags belong to the server command). */
export function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '-h' || a === '--help');
}

/** Strict parse: unknown flags, flags missing their value and single flags given twice are usage errors. */
export function parse(argv: string[], options: Options): Parsed {
  try {
    const { values, positionals, tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
    rejectRepeated(tokens, options);
    return { values, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/**
 * What strict parseArgs lets through: a flag that takes one value given twice, where it keeps the
 * last (`--policies a --policies b` ran b, silently). Throws. A switch given twice says the same twice.
 */
export function rejectRepeated(tokens: readonly Token[], options: Options): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    if (option?.type !== 'string' || option.multiple) continue;
    if (seen.has(token.name)) throw new Error(`option --${token.name} given more than once`);
    seen.add(token.name);
  }
}

export function requiredString(values: Record<string, Value>, name: string): string {
  const value = optionalString(values, name);
  if (value === undefined) throw new UsageError(`missing required option --${name}`);
  return value;
}

export function optionalString(values: Record<string, Value>, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`option --${name} needs a value`);
  return value;
}

/** `--v0-compatible`, as opa's commands take it: the modules are Rego v0 unless they import rego.v1. */
export function regoVersionOf(values: Record<string, Value>): 0 | 1 {
  return values['v0-compatible'] === true ? 0 : 1;
}

/** A repeatable string option (`multiple: true`). */
export function stringList(values: Record<string, Value>, name: string): string[] {
  const value = values[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}
