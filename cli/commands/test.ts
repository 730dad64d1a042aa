/**
 * `warden test`: a drop-in for `opa test` that runs the Rego unit tests compiled to wasm by
 * mcp-warden's compiler and evaluated through @open-policy-agent/opa-wasm, the exact path
 * production decisions take. Output and exit codes follow `opa test`.
 */
import type { Writable } from 'node:stream';
import { formatCoverage, type CoverageReport } from '../../engine/coverage/index.js';
import { CompileError } from '../../engine/index.js';
import { readSchemaDir } from '../check/schema-dir.js';
import { compileFailure } from '../compile-errors.js';
import { sourceLineLogger } from '../policy-test/diagnostics.js';
import { parseGoDuration } from '../policy-test/go-format.js';
import { formatJson } from '../policy-test/json.js';
import { LoadError, loadTestSources, type TestSources } from '../policy-test/load.js';
import { formatPretty } from '../policy-test/pretty.js';
import { allPassed, type TestResult } from '../policy-test/result.js';
import { runTests, type RunOptions, type RunReport } from '../policy-test/runner.js';
import { CommandFailure, optionalString, parse, regoVersionOf, UsageError, type Command, type Parsed } from '../usage.js';

const usage = `Usage: warden test [options] PATH [PATH...]

Runs the Rego tests found in PATHs (files or directories, read recursively): every rule named
test_* in any package, compiled to WebAssembly and evaluated through @open-policy-agent/opa-wasm.
todo_test_* rules are reported as SKIPPED. Data files (any .json, .yaml or .yml) are placed in
the data document by their directory below PATH, as opa test places them; a .json/.yaml file
named as a PATH is merged at the root.

A test PASSes when it is defined and true, FAILs when undefined or not true, and is an ERROR when
evaluation fails (a conflict, a builtin error, its budget spent).

Options:
  -r, --run REGEX        run only tests whose name (data.pkg.test_x) matches REGEX
  -v, --verbose          print every test, with its print() output
      --format FORMAT    pretty (default) or json
      --timeout DURATION budget per test as Go duration (default 5s), counted as work in the wasm
      --bench            time each passing test (iterations and ns/op)
  -c, --coverage         report line coverage (with --format json: OPA's coverage report)
      --threshold PCT    with --coverage: exit 2 when coverage is below PCT
  -s, --schema DIR       JSON Schemas that METADATA schemas: annotations name (DIR/a/b.json is
                         schema.a.b)
      --v0-compatible    parse the modules as Rego v0 (a module importing rego.v1 stays v1)
  -h, --help             show this help

Exit codes: 0 all tests passed, 1 load or compile error, 2 a test failed or errored, coverage
below --threshold, or a usage error.`;

const options = {
  run: { type: 'string', short: 'r' },
  verbose: { type: 'boolean', short: 'v' },
  format: { type: 'string' },
  timeout: { type: 'string' },
  bench: { type: 'boolean' },
  coverage: { type: 'boolean', short: 'c' },
  threshold: { type: 'string' },
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
  if (format !== 'pretty' && format !== 'json') throw new UsageError(`--format must be pretty or json, not ${format}`);
  if (parsed.values.coverage === true && parsed.values.bench === true) throw new UsageError('coverage reporting is not supported when benchmarking tests');
  const runOptions = { ...runOptionsOf(parsed), schemas: await readSchemaDir(optionalString(parsed.values, 'schema')) };
  const threshold = thresholdOf(parsed);
  const sources = await loadTestSources(parsed.positionals).catch((error: unknown) => {
    throw error instanceof LoadError ? new CommandFailure(error.message) : error;
  });
  const { results, coverage } = await run(sources, runOptions, io);
  const verbose = parsed.values.verbose === true;
  if (!coverage) {
    io.stdout.write(format === 'json' ? formatJson(results) : formatPretty(results, { verbose, bench: runOptions.benchMs !== undefined }));
    return allPassed(results) ? 0 : EXIT_TESTS_FAILED;
  }
  return reportCoverage(results, coverage, { format, verbose, threshold }, io);
}

/**
 * As `opa test --coverage`: a failing test fails the run before any report (its results go to
 * stderr); then the report (OPA's JSON with --format json, the human summary otherwise), and
 * exit 2 with OPA's message when coverage is below --threshold.
 */
function reportCoverage(results: TestResult[], coverage: CoverageReport, o: { format: string; verbose: boolean; threshold: number }, io: TestIo): number {
  if (!allPassed(results)) {
    io.stderr.write(formatPretty(results, { verbose: o.verbose, bench: false }));
    return EXIT_TESTS_FAILED;
  }
  const below = coverage.coverage < o.threshold;
  if (!below || o.verbose) {
    io.stdout.write(o.format === 'json' ? `${JSON.stringify(coverage, null, 2)}\n` : `${formatPretty(results, { verbose: o.verbose, bench: false })}${formatCoverage(coverage)}`);
  }
  if (!below) return 0;
  io.stderr.write(`Code coverage threshold not met: got ${coverage.coverage.toFixed(2)} instead of ${o.threshold.toFixed(2)}\n`);
  return EXIT_TESTS_FAILED;
}

function thresholdOf(parsed: Parsed): number {
  const text = optionalString(parsed.values, 'threshold');
  if (text === undefined) return 0;
  if (parsed.values.coverage !== true) throw new UsageError('--threshold needs --coverage');
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 100) throw new UsageError('Code coverage threshold must be between 0 and 100');
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

function runOptionsOf(parsed: Parsed): RunOptions {
  const timeoutText = optionalString(parsed.values, 'timeout');
  const timeout = timeoutText === undefined ? 0 : parseGoDuration(timeoutText);
  if (timeout === undefined) throw new UsageError(`--timeout: invalid duration ${timeoutText}`);
  return {
    filter: filterOf(optionalString(parsed.values, 'run')),
    timeoutMs: timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
    ...(parsed.values.bench === true && { benchMs: BENCH_MS }),
    ...(parsed.values.coverage === true && { coverage: true }),
    regoVersion: regoVersionOf(parsed.values),
  };
}

function filterOf(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new UsageError(`--run: ${error instanceof Error ? error.message : String(error)}`);
  }
}
