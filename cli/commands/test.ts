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
import { runTests, type RunOptions, type RunReport } from '../policy-test/runner.js';
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
  -v, --verbose          print every test, with its print() output
      --format FORMAT    pretty (default), json, or gobench (with --bench: Go benchmark data format)
      --timeout DURATION budget per test as Go duration (default 5s), counted as work in the wasm
      --bench            time each passing test (iterations and ns/op)
  -c, --coverage         print OPA's JSON coverage report instead of the results
      --threshold PCT    exit 2 when coverage is below PCT (turns --coverage on)
      --ignore PATTERN   skip files and directories whose name matches the glob; repeatable
  -z, --exit-zero-on-skipped
                         skipped (todo_test_*) tests do not make the exit code 2
      --fail-on-empty    exit 1 when no test was run
  -s, --schema DIR       JSON Schemas that METADATA schemas: annotations name (DIR/a/b.json is
                         schema.a.b)
      --v0-compatible    parse the modules as Rego v0 (a module importing rego.v1 stays v1)
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
} as const;

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
    run: (argv) => runCommand(parse(argv, options), io),
  };
}

export const testCommand: Command = createTestCommand({ stdout: process.stdout, stderr: process.stderr });

async function runCommand(parsed: Parsed, io: TestIo): Promise<number> {
  if (parsed.positionals.length === 0) throw new UsageError('give at least one file or directory');
  const format = optionalString(parsed.values, 'format') ?? 'pretty';
  if (format !== 'pretty' && format !== 'json' && format !== 'gobench') throw new UsageError(`--format must be pretty, json or gobench, not ${format}`);
  if (format === 'gobench' && parsed.values.bench !== true) {
    // opa test's answer, exit code included.
    io.stderr.write('cannot use output format gobench without running benchmarks (--bench)\n');
    return 0;
  }
  const threshold = thresholdOf(parsed);
  const runOptions = { ...runOptionsOf(parsed, threshold > 0), schemas: await readSchemaDir(optionalString(parsed.values, 'schema')) };
  if (runOptions.coverage === true && runOptions.benchMs !== undefined) throw new CommandFailure('coverage reporting is not supported when benchmarking tests');
  const sources = await loadTestSources(parsed.positionals, ignoredNames(stringList(parsed.values, 'ignore'))).catch((error: unknown) => {
    throw error instanceof LoadError ? new CommandFailure(error.message) : error;
  });
  const { results, coverage } = await run(sources, runOptions, io);
  const code = coverage
    ? reportCoverage(results, coverage, { verbose: parsed.values.verbose === true, threshold }, io)
    : reportResults(results, parsed, format, io);
  if (code === 0 && results.length === 0 && parsed.values['fail-on-empty'] === true) {
    io.stderr.write('no tests were run\n');
    return EXIT_FAILURE;
  }
  return code;
}

/** As `opa test`: a skipped test makes the exit code 2 too, unless -z. */
function reportResults(results: TestResult[], parsed: Parsed, format: string, io: TestIo): number {
  const bench = parsed.values.bench === true;
  io.stdout.write(format === 'json' ? formatJson(results) : formatPretty(results, { verbose: parsed.values.verbose === true, bench, goBench: format === 'gobench' }));
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

async function run(sources: TestSources, runOptions: RunOptions, io: TestIo): Promise<RunReport> {
  try {
    return await runTests(sources, runOptions);
  } catch (error) {
    if (error instanceof CompileError) throw compileFailure(error, sourceLineLogger(io.stderr, sources.modules), 'test');
    throw error;
  }
}

function runOptionsOf(parsed: Parsed, thresholdSet: boolean): RunOptions {
  const timeoutText = optionalString(parsed.values, 'timeout');
  const timeout = timeoutText === undefined ? 0 : parseGoDuration(timeoutText);
  if (timeout === undefined) throw new UsageError(`--timeout: invalid duration ${timeoutText}`);
  return {
    filter: filterOf(optionalString(parsed.values, 'run')),
    timeoutMs: timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
    ...(parsed.values.bench === true && { benchMs: BENCH_MS }),
    ...((parsed.values.coverage === true || thresholdSet) && { coverage: true }),
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
