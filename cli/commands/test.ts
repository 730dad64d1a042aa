/**
 * `warden test`: a drop-in for `opa test` that runs the Rego unit tests compiled to wasm by
 * mcp-warden's compiler and evaluated through @open-policy-agent/opa-wasm, the exact path
 * production decisions take. Output and exit codes follow `opa test`.
 */
import type { Writable } from 'node:stream';
import { CompileError } from '../../engine/index.js';
import { compileFailure } from '../compile-errors.js';
import { sourceLineLogger } from '../policy-test/diagnostics.js';
import { parseGoDuration } from '../policy-test/go-format.js';
import { formatJson } from '../policy-test/json.js';
import { LoadError, loadTestSources, type TestSources } from '../policy-test/load.js';
import { formatPretty } from '../policy-test/pretty.js';
import { allPassed, type TestResult } from '../policy-test/result.js';
import { runTests, type RunOptions } from '../policy-test/runner.js';
import { CommandFailure, optionalString, parse, UsageError, type Command, type Parsed } from '../usage.js';

const usage = `Usage: warden test [options] PATH [PATH...]

Runs the Rego tests found in PATHs (files or directories, read recursively): every rule named
test_* in any package, compiled to WebAssembly and evaluated through @open-policy-agent/opa-wasm.
todo_test_* rules are reported as SKIPPED. Data files (data.json, data.yaml, data.yml) are placed
in the data document by their directory below PATH; a .json/.yaml file named as a PATH is merged
at the root.

A test PASSes when it is defined and true, FAILs when undefined or not true, and is an ERROR when
evaluation fails (a conflict, a builtin error, its budget spent).

Options:
  -r, --run REGEX        run only tests whose name (data.pkg.test_x) matches REGEX
  -v, --verbose          print every test, with its print() output
      --format FORMAT    pretty (default) or json
      --timeout DURATION budget per test as Go duration (default 5s), counted as work in the wasm
      --bench            time each passing test (iterations and ns/op)
  -c, --coverage         report coverage (OPA's JSON coverage report)
      --threshold PCT    with --coverage: exit 2 when coverage is below PCT
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
  if (parsed.values.coverage === true || parsed.values.threshold !== undefined) {
    throw new CommandFailure('--coverage and --threshold need the coverage report module (engine/coverage), which this build does not have yet');
  }
  const runOptions = runOptionsOf(parsed);
  const sources = await loadTestSources(parsed.positionals).catch((error: unknown) => {
    throw error instanceof LoadError ? new CommandFailure(error.message) : error;
  });
  const results = await run(sources, runOptions, io);
  io.stdout.write(format === 'json' ? formatJson(results) : formatPretty(results, { verbose: parsed.values.verbose === true, bench: runOptions.benchMs !== undefined }));
  return allPassed(results) ? 0 : EXIT_TESTS_FAILED;
}

async function run(sources: TestSources, runOptions: RunOptions, io: TestIo): Promise<TestResult[]> {
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
