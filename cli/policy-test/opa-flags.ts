/**
 * The `opa test` flags that CI invocations pass beyond the core ones, read with OPA's meaning
 * where warden can give it and refused, as usage errors saying why, where it cannot: a flag that
 * changed nothing would let a CI job believe it checked what it did not.
 */
import { DEFAULT_MAX_ERRORS } from '../check/report.js';
import { UsageError } from '../usage.js';
import { checkTarget } from '../target-option.js';

export type ExplainMode = 'fails' | 'notes';

export interface OpaFlags {
  /** `--count N`: run the suite N times, each reported; the first run that fails ends it. */
  count: number;
  /** `--explain`: as in OPA it turns -v on. */
  explain?: ExplainMode;
  varValues: boolean;
  /** `-m/--max-errors`: compile errors listed before "error limit reached"; 0 or less: all. */
  maxErrors: number;
  /** `-b/--bundle`: each PATH is a bundle directory. */
  bundle: boolean;
  /** `--benchmem`, on by default as in OPA: with --bench, the bytes each evaluation allocates. */
  benchMem: boolean;
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export const OPA_FLAG_OPTIONS = {
  count: { type: 'string' },
  explain: { type: 'string' },
  'var-values': { type: 'boolean' },
  benchmem: { type: 'boolean' },
  'max-errors': { type: 'string', short: 'm' },
  target: { type: 'string', short: 't' },
  bundle: { type: 'boolean', short: 'b' },
  parallel: { type: 'string', short: 'p' },
  'v1-compatible': { type: 'boolean' },
  capabilities: { type: 'string' },
  watch: { type: 'boolean', short: 'w' },
} as const;

/** `off`: the switches given `--flag=false` (goBooleanFlags). */
export function opaFlags(values: Values, off: ReadonlySet<string> = new Set()): OpaFlags {
  checkTarget(values.target, 'test', ['rego']);
  checkParallel(values.parallel);
  if (values.watch === true) throw new UsageError('--watch: warden test runs once and exits; run it again on changes from a file watcher');
  const count = integer(values.count, 'count', 1);
  if (count < 1) throw new UsageError(`--count must be at least 1, got ${count}`);
  return {
    count,
    ...explainOf(values.explain),
    varValues: values['var-values'] === true,
    maxErrors: integer(values['max-errors'], 'max-errors', DEFAULT_MAX_ERRORS),
    bundle: values.bundle === true,
    benchMem: !off.has('benchmem'),
  };
}

/**
 * Go's boolean flags take `--flag=true` and `--flag=false` (OPA's `--benchmem` is on by default,
 * so `--benchmem=false` is how it is turned off); node's parser takes neither. `argv` as node's
 * parser takes it, and `off`: the switches given `=false` (the last of a switch's spellings wins).
 */
export function goBooleanFlags(argv: readonly string[], booleans: readonly string[]): { argv: string[]; off: Set<string> } {
  const out: string[] = [];
  const off = new Set<string>();
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') return { argv: [...out, ...argv.slice(i)], off };
    const m = /^--([^=]+)=(true|false)$/.exec(arg);
    const name = m?.[1];
    if (name !== undefined && booleans.includes(name)) {
      if (m![2] === 'true') out.push(`--${name}`);
      if (m![2] === 'false') off.add(name);
      else off.delete(name);
      continue;
    }
    if (arg.startsWith('--') && booleans.includes(arg.slice(2))) off.delete(arg.slice(2));
    out.push(arg);
  }
  return { argv: out, off };
}

function explainOf(value: Values[string]): { explain?: ExplainMode } {
  if (value === undefined) return {};
  if (value === 'fails' || value === 'notes') return { explain: value };
  if (value === 'full' || value === 'debug') {
    throw new UsageError(`--explain ${value}: warden test has no evaluation trace to print (the tests run compiled to wasm); --explain fails shows where each failing test failed, --explain notes its notes`);
  }
  throw new UsageError(`--explain must be fails, full, notes or debug, not ${String(value)}`);
}

/** Tests run one after another in one wasm instance whatever the number; the value is still checked as OPA checks it. */
function checkParallel(value: Values[string]): void {
  if (value !== undefined && integer(value, 'parallel', 0) < 0) throw new UsageError(`--parallel must be 0 or more, got ${String(value)}`);
}

function integer(value: Values[string], name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw new UsageError(`--${name} needs an integer, got "${String(value)}"`);
  return Number(value);
}
