/**
 * `warden test`: a drop-in for `opa test` that runs the Rego unit tests compiled to wasm by
 * mcp-warden's compiler and evaluated through @open-policy-agent/opa-wasm, the exact path
 * production decisions take. Output and exit codes follow `opa test`.
 */
import type { Writable } from 'node:stream';
import { RE2JS } from 're2js';
import { thresholdMessage, type CoverageReport } from '../../engine/coverage/index.js';
import { CompileError } from '../../engine/index.js';
import { readSchemaDir } from '../check/schema-dir.js';
import { compileFailure } from '../compile-errors.js';
import { sourceLineLogger } from '../policy-test/diagnostics.js';
import { parseGoDuration } from '../policy-test/go-format.js';
import { formatJson } from '../policy-test/json.js';
import { LoadError, loadTestSources, type TestSources } from '../policy-test/load.js';
import { ignoredNames } from '../policy-test/ignore.js';
import { errorText, formatPretty, headline } from '../policy-test/pretty.js';
import { allPassed, type TestResult } from '../policy-test/result.js';
import { prepareTests, type PreparedTests, type RunOptions, type RunReport } from '../policy-test/runner.js';
import { goBooleanFlags, OPA_FLAG_OPTIONS, opaFlags, type OpaFlags } from '../policy-test/opa-flags.js';
import { loadBundleSources } from '../policy-test/bundle.js';
import { readCapabilities } from '../policy-test/capabilities.js';
import { limitErrors } from '../check/report.js';
import { CommandFailure, EXIT_FAILURE, optionalString, parse, regoVersionOf, stringList, UsageError, type Command, type Parsed } from '../usage.js';

const usage = `Usage: warden test [options] PATH [PATH...]

Runs the Rego tests found in PATHs (files or directories, read recursively): every rule named
test_* in any package, compiled to WebAssembly and evaluated through @open-policy-agent/opa-wasm.
todo_test_* rules are reported as SKIPPED. Data files (any .json, .yaml or .yml) are placed in
the data document by their directory below PATH, as opa test places them; a .json/.yaml file
named as a PATH is merged at the root.

A test PASSes when it is defined and true, FAILs when undefined or not true, and is an ERROR when
evaluation fails (a conflict, a builtin error, its budget spent).

Options:
  -r, --run REGEX        run only tests whose name (data.pkg.test_x) matches REGEX (Go RE2 syntax)
  -v, --verbose          print every test, with its print() output, and first where each failing
                         test failed: the expression, at its location (FAILURES section)
      --var-values       show the failing expression with the values of the variables, nested
                         calls and rules it uses, at their columns (the FAILURES section also
                         without -v)
      --explain MODE     turns -v on. fails: where each failing test failed (-v's default);
                         notes: only trace() notes; compiled tests keep no trace (trace() is true
                         and its note dropped), so none.
                         full and debug are usage errors: compiled tests leave no trace to print
      --format FORMAT    pretty (default), json, or gobench (with --bench: Go benchmark data format)
      --timeout DURATION budget per test as Go duration (default 5s), counted as work in the wasm
      --bench            time each passing test (iterations and ns/op)
      --count N          run the tests N times, every run reported; the first that fails ends them
  -c, --coverage         print OPA's JSON coverage report instead of the results
      --threshold PCT    exit 2 when coverage is below PCT (turns --coverage on)
      --ignore PATTERN   skip files and directories whose name matches the glob; repeatable
  -b, --bundle           read each PATH as a bundle directory: data only from data.json,
                         data.yaml and data.yml, packages and data under its .manifest roots
  -z, --exit-zero-on-skipped
                         skipped (todo_test_*) tests do not make the exit code 2
      --fail-on-empty    exit 1 when no test was run
  -m, --max-errors N     list the first N compile errors, then "error limit reached"; 0 or less
                         lists all (default 10)
  -s, --schema DIR       JSON Schemas that METADATA schemas: annotations name (DIR/a/b.json is
                         schema.a.b)
      --capabilities FILE
                         an OPA capabilities.json: a call to a builtin it does not list is an
                         error (OPA version names are not shipped: a usage error)
      --v0-compatible    parse the modules as Rego v0 (a module importing rego.v1 stays v1)
      --v1-compatible    parse the modules as Rego v1, the default (--v0-compatible wins)
  -t, --target TARGET    wasm, what warden always runs; rego is a usage error (no interpreter)
  -p, --parallel N       accepted as opa test takes it (N >= 0); tests run one after another
      --benchmem         on by default, as in opa test: with --bench, also B/op, the bytes of
                         wasm heap one evaluation allocates (no allocs/op: the wasm allocator
                         bumps a pointer and counts no allocations); --benchmem=false: off
  -w, --watch            a usage error: warden test runs once (use a file watcher)
  -h, --help             show this help

Exit codes: 0 all tests passed, 1 load or compile error (with --coverage: a test that did not
pass; --fail-on-empty: no test run), 2 a test failed, errored or was skipped, coverage below
--threshold, or a usage error.`;

const options = {
  run: { type: 'string', short: 'r' },
  verbose: { type: 'boolean', short: 'v' },
  format: { type: 'string' },
  timeout: { type: 'string' },
  bench: { type: 'boolean' },
  coverage: { type: 'boolean', short: 'c' },
  threshold: { type: 'string' },
  ignore: { type: 'string', multiple: true },
  'exit-zero-on-skipped': { type: 'boolean', short: 'z' },
  'fail-on-empty': { type: 'boolean' },
  schema: { type: 'string', short: 's' },
  'v0-compatible': { type: 'boolean' },
  ...OPA_FLAG_OPTIONS,
} as const;

const BOOLEAN_OPTIONS = Object.entries(options).flatMap(([name, o]) => (o.type === 'boolean' ? [name] : []));

const DEFAULT_TIMEOUT_MS = 5000;
/** Per passing test under --bench; Go's default of 1 s would make a suite crawl. */
const BENCH_MS = 200;
const EXIT_TESTS_FAILED = 2;

export interface TestIo {
  stdout: Writable;
  stderr: Writable;
}

export function createTestCommand(io: TestIo): Command {
  return {
    summary: 'run Rego unit tests (test_* rules) compiled to wasm, like opa test',
    usage,
    run: (argv) => {
      const go = goBooleanFlags(argv, BOOLEAN_OPTIONS);
      return runCommand(parse(go.argv, options), go.off, io);
    },
  };
}

export const testCommand: Command = createTestCommand({ stdout: process.stdout, stderr: process.stderr });

async function runCommand(parsed: Parsed, off: ReadonlySet<string>, io: TestIo): Promise<number> {
  if (parsed.positionals.length === 0) throw new UsageError('give at least one file or directory');
  const format = optionalString(parsed.values, 'format') ?? 'pretty';
  if (format !== 'pretty' && format !== 'json' && format !== 'gobench') throw new UsageError(`--format must be pretty, json or gobench, not ${format}`);
  const flags = opaFlags(parsed.values, off);
  if (format === 'gobench' && parsed.values.bench !== true) {
    // opa test's answer, exit code included.
    io.stderr.write('cannot use output format gobench without running benchmarks (--bench)\n');
    return 0;
  }
  const threshold = thresholdOf(parsed);
  const report: ReportOptions = { format, verbose: parsed.values.verbose === true || flags.explain !== undefined, varValues: flags.varValues, threshold };
  const runOptions = { ...runOptionsOf(parsed, threshold > 0, report, flags), schemas: await readSchemaDir(optionalString(parsed.values, 'schema')), capabilities: await readCapabilities(optionalString(parsed.values, 'capabilities')) };
  if (runOptions.coverage === true && runOptions.benchMs !== undefined) throw new CommandFailure('coverage reporting is not supported when benchmarking tests');
  const ignored = ignoredNames(stringList(parsed.values, 'ignore'));
  const loading = flags.bundle ? loadBundleSources(parsed.positionals, ignored, runOptions.regoVersion) : loadTestSources(parsed.positionals, ignored);
  const sources = await loading.catch((error: unknown) => {
    throw error instanceof LoadError ? new CommandFailure(error.message) : error;
  });
  const prepared = await compiled(sources, runOptions, flags.maxErrors, io);
  // As opa test --count: every run is reported, and the first that does not exit 0 ends them.
  for (let i = 0; i < flags.count; i++) {
    const code = reportRun(await prepared.run(), parsed, report, io);
    if (code !== 0) return code;
  }
  return 0;
}

interface ReportOptions {
  format: 'pretty' | 'json' | 'gobench';
  /** -v, or any --explain. */
  verbose: boolean;
  varValues: boolean;
  threshold: number;
}

function reportRun({ results, coverage }: RunReport, parsed: Parsed, report: ReportOptions, io: TestIo): number {
  const code = coverage
    ? reportCoverage(results, coverage, { verbose: report.verbose, threshold: report.threshold }, io)
    : reportResults(results, parsed, report, io);
  if (code === 0 && results.length === 0 && parsed.values['fail-on-empty'] === true) {
    io.stderr.write('no tests were run\n');
    return EXIT_FAILURE;
  }
  return code;
}

/** As `opa test`: a skipped test makes the exit code 2 too, unless -z. */
function reportResults(results: TestResult[], parsed: Parsed, report: ReportOptions, io: TestIo): number {
  const bench = parsed.values.bench === true;
  const { format, verbose, varValues } = report;
  io.stdout.write(format === 'json' ? formatJson(results) : formatPretty(results, { verbose, varValues, bench, goBench: format === 'gobench' }));
  const skipped = results.some((r) => r.skip) && parsed.values['exit-zero-on-skipped'] !== true;
  return allPassed(results) && !skipped ? 0 : EXIT_TESTS_FAILED;
}

/**
 * As `opa test --coverage`, whatever the format: the first test that did not pass (a skipped one
 * too) fails the run with exit 1 and nothing on stdout; coverage below --threshold prints OPA's
 * message (with -v, the lines not covered) and exits 2; otherwise stdout gets OPA's JSON report,
 * which tools that read `opa test --coverage` output take as it is.
 */
function reportCoverage(results: TestResult[], coverage: CoverageReport, o: { verbose: boolean; threshold: number }, io: TestIo): number {
  const first = results.find((r) => r.skip || r.fail || r.error);
  if (first) {
    io.stderr.write(`${first.error ? errorText(first.error) : headline(first)}\n`);
    return EXIT_FAILURE;
  }
  if (coverage.coverage < o.threshold) {
    io.stderr.write(`${thresholdMessage(coverage, o.threshold, o.verbose)}\n`);
    return EXIT_TESTS_FAILED;
  }
  io.stdout.write(`${JSON.stringify(coverage, null, 2)}\n`);
  return 0;
}

/** OPA's check and message: out of range is a failure (exit 1), not a usage error. */
function thresholdOf(parsed: Parsed): number {
  const text = optionalString(parsed.values, 'threshold');
  if (text === undefined) return 0;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--threshold needs a number, got "${text}"`);
  if (value < 0 || value > 100) throw new CommandFailure('Code coverage threshold must be between 0 and 100');
  return value;
}

/** Compile errors as opa test reports them, the first `maxErrors` then "error limit reached". */
async function compiled(sources: TestSources, runOptions: RunOptions, maxErrors: number, io: TestIo): Promise<PreparedTests> {
  try {
    return await prepareTests(sources, runOptions);
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    throw compileFailure(new CompileError(limitErrors(error.errors, maxErrors)), sourceLineLogger(io.stderr, sources.modules), 'test');
  }
}

/**
 * Where failing tests failed is worth a second build only for the pretty report: with -v or
 * --explain fails (not notes, which shows notes alone, as OPA filters its trace), or --var-values.
 */
function failureLinesOf(report: ReportOptions, flags: OpaFlags, coverage: boolean): RunOptions['failureLines'] {
  if (coverage || report.format === 'json' || flags.explain === 'notes') return undefined;
  if (report.varValues) return 'values';
  return report.verbose ? 'place' : undefined;
}

function runOptionsOf(parsed: Parsed, thresholdSet: boolean, report: ReportOptions, flags: OpaFlags): RunOptions {
  const timeoutText = optionalString(parsed.values, 'timeout');
  const timeout = timeoutText === undefined ? 0 : parseGoDuration(timeoutText);
  if (timeout === undefined) throw new UsageError(`--timeout: invalid duration ${timeoutText}`);
  const coverage = parsed.values.coverage === true || thresholdSet;
  const failureLines = failureLinesOf(report, flags, coverage);
  return {
    filter: filterOf(optionalString(parsed.values, 'run')),
    timeoutMs: timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
    ...(parsed.values.bench === true && { benchMs: BENCH_MS, benchMem: flags.benchMem }),
    ...(coverage && { coverage: true }),
    ...(failureLines && { failureLines }),
    regoVersion: regoVersionOf(parsed.values),
  };
}

/** Go's regexp syntax, as opa test compiles --run: `[[:alpha:]]` and `(?i)` mean there what they mean in RE2. */
function filterOf(pattern: string | undefined): RE2JS | undefined {
  if (pattern === undefined) return undefined;
  try {
    return RE2JS.compile(pattern);
  } catch (error) {
    throw new CommandFailure(`--run: ${error instanceof Error ? error.message : String(error)}`);
  }
}
