/**
 * Runs the discovered tests: every selected test rule becomes an entrypoint of ONE compiled
 * module (one compile, one loadPolicy, one setData), then each is evaluated in discovery order.
 * Tests decide with production's semantics (a failing builtin is undefined, as `warden run`
 * evaluates); a test that fails is run again in a strict build, and if a builtin error is what
 * failed it, the test is an ERROR naming the builtin, as OPA documents for `opa test`.
 * A compile error in the user's Rego fails the whole run, as in `opa test`; a compiler bug
 * (an exception, not a diagnostic) on the combined module falls back to one module per test,
 * so only the tests that hit it report an ERROR.
 */
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { installData, loadPolicyWasm } from '../../engine/policy/load-wasm.js';
import { compile, CompileError, hostBuiltins } from '../../engine/index.js';
import { coverageReport, readCoverageHits, type CoverageReport, type CoverageSites } from '../../engine/coverage/index.js';
import { INPUT_SCHEMAS } from '../../engine/decision/input-schema.js';
import { BUILTIN_ERROR, BUILTIN_TYPE_ERROR } from '../../engine/compiler/wasm/stmt-call.js';
import { errorMessage } from '../log.js';
import { CASES_FILE_SUFFIX } from './cases.js';
import { discoverTests, type TestCase } from './discover.js';
import { evaluateTest, type Evaluation } from './evaluate.js';
import { failureLines } from './failure-lines.js';
import type { TestSources } from './load.js';
import { walkSubResults, type BenchmarkResult, type SubResult, type TestResult } from './result.js';
import { subResultsOf } from './sub-results.js';

export interface RunOptions {
  /** `--run`: a test runs when this matches its full name (`data.pkg.test_x`) somewhere (RE2, as Go's MatchString). */
  filter?: { test(name: string): boolean };
  /** Budget per test in ms of work; 0 leaves the SDK's default (no practical bound). */
  timeoutMs: number;
  /** Time each passing test this long (ms) and report iterations and ns/op. */
  benchMs?: number;
  /** With benchMs, also the wasm heap bytes allocated (`--benchmem`, on unless `--benchmem=false`). */
  benchMem?: boolean;
  /** Instrument the wasm and measure line coverage over the whole run. */
  coverage?: boolean;
  /** Named JSON Schemas for METADATA `schemas:` annotations (`--schema DIR`). */
  schemas?: Readonly<Record<string, unknown>>;
  /** 0: `--v0-compatible`. */
  regoVersion?: 0 | 1;
  /** `--capabilities`: the builtins a test may call. */
  capabilities?: readonly string[];
  /** Find where each failing test failed (`place`), and the values there (`values`, `--var-values`). */
  failureLines?: 'place' | 'values';
}

export interface RunReport {
  results: TestResult[];
  /** With `coverage`: OPA's coverage report over the loaded modules. */
  coverage?: CoverageReport;
}

type Compiled = { policy: LoadedPolicy; entrypoints: Record<string, number>; sites?: CoverageSites };

interface Program {
  modules: Record<string, string>;
  data: TestSources['data'];
  exactData: TestSources['exactData'];
  /** Whether the parameterized tests' case companions are compiled in. */
  withCases: boolean;
  coverage: boolean;
  schemas?: Readonly<Record<string, unknown>>;
  regoVersion: 0 | 1;
  capabilities?: readonly string[];
  /** Coverage hits per compiled module, united at the end. */
  hits: Array<{ policy: LoadedPolicy; sites: CoverageSites }>;
  /** The strict build (builtin errors abort), compiled the first time a test fails. */
  strict?: Promise<Compiled | Error>;
  runnable: readonly TestCase[];
}

/** The tests compiled once, ready to run any number of times (`--count`). */
export interface PreparedTests {
  run(): Promise<RunReport>;
}

export async function runTests(sources: TestSources, options: RunOptions): Promise<RunReport> {
  return (await prepareTests(sources, options)).run();
}

export async function prepareTests(sources: TestSources, options: RunOptions): Promise<PreparedTests> {
  const regoVersion = options.regoVersion ?? 1;
  const discovery = discoverTests(sources.modules, regoVersion);
  if (discovery.errors.length > 0) throw new CompileError(discovery.errors);
  const selected = discovery.tests.filter((t) => !options.filter || options.filter.test(`${t.package}.${t.name}`));
  const runnable = selected.filter((t) => !t.skip);
  const program: Program = { modules: { ...discovery.modules, ...discovery.caseModules }, data: sources.data, exactData: sources.exactData, withCases: true, coverage: options.coverage === true, schemas: options.schemas, regoVersion, capabilities: options.capabilities, hits: [], runnable };
  let shared = await compileTests(program, runnable);
  if (shared instanceof CompileError && shared.errors.some((d) => d.location.file.includes(CASES_FILE_SUFFIX))) {
    // A companion that does not compile on its own (e.g. its cut body is unsafe): run without case lists.
    program.modules = discovery.modules;
    program.withCases = false;
    shared = await compileTests(program, runnable);
  }
  if (shared instanceof CompileError) throw shared;
  const compiled = shared;
  return {
    run: async () => {
      const results: TestResult[] = [];
      for (const test of selected) {
        results.push(test.skip ? skipped(test) : await runOne(test, compiled, program, options));
      }
      if (options.failureLines) await addFailureLines(selected, results, sources, program, options);
      return program.coverage ? { results, coverage: coverageOf(program, sources.modules) } : { results };
    },
  };
}

/**
 * Where each failing test failed (`-v`, `--explain fails`), with values for `--var-values`: a
 * plain test's one place, or each failing case's of a parameterized test.
 */
async function addFailureLines(tests: readonly TestCase[], results: TestResult[], sources: TestSources, program: Program, options: RunOptions): Promise<void> {
  const failed = tests.flatMap((test, i) => {
    const r = results[i]!;
    if (!r.fail || r.error) return [];
    return r.sub_results ? [{ test, cases: [...walkSubResults(r.sub_results)].filter(([, sr]) => sr.fail && !sr.sub_results).map(([path]) => path) }] : [{ test }];
  });
  if (failed.length === 0) return;
  const ctx = { modules: sources.modules, regoVersion: program.regoVersion, withValues: options.failureLines === 'values' };
  const lines = await failureLines(failed, ctx, async (modules, entrypoints) => {
    try {
      const built = await compileAndLoad({ ...program, coverage: false }, entrypoints, false, modules);
      return { evaluate: (entrypoint) => (built.entrypoints[entrypoint] === undefined ? undefined : evaluateTest(built.policy, built.entrypoints[entrypoint]!, options.timeoutMs)) };
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
  tests.forEach((test, i) => {
    const found = lines.get(test);
    if (!found) return;
    if (results[i]!.sub_results) results[i]!.case_failure_lines = found;
    else results[i]!.failure_line = found[0]!.line;
  });
}

/**
 * Hits of every module the run evaluated (one, or one per test after a fallback), united by
 * source line, reported over the user's files (never the case companions).
 */
function coverageOf(program: Program, modules: Record<string, string>): CoverageReport {
  const lines = new Map<string, { file: string; row: number; hit: boolean }>();
  for (const { policy, sites } of program.hits) {
    const hits = readCoverageHits(policy, sites);
    sites.sites.forEach((site, i) => {
      if (site.file.includes(CASES_FILE_SUFFIX)) return;
      const key = `${site.row}:${site.file}`;
      const line = lines.get(key) ?? { ...site, hit: false };
      line.hit ||= hits.has(i);
      lines.set(key, line);
    });
  }
  const united = [...lines.values()];
  const hit = new Set(united.flatMap((l, i) => (l.hit ? [i] : [])));
  return coverageReport({ sites: united.map(({ file, row }) => ({ file, row })) }, hit, modules);
}

async function compileTests(program: Program, tests: readonly TestCase[], strict = false): Promise<Compiled | CompileError | Error> {
  const entrypoints = tests.flatMap((t) => (program.withCases && t.casesEntrypoint ? [t.entrypoint, t.casesEntrypoint] : [t.entrypoint]));
  try {
    return await compileAndLoad(program, entrypoints, strict);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

async function compileAndLoad(program: Program, entrypoints: string[], strict: boolean, extraModules: Record<string, string> = {}): Promise<Compiled> {
  // With nothing to run the modules are still compiled, so their errors are still reported.
  const target = entrypoints.length > 0 ? { entrypoints } : { query: 'true' };
  const coverage = program.coverage && !strict;
  const compiled = await compile({ modules: { ...program.modules, ...extraModules }, data: program.data, ...target, hostBuiltins: Object.keys(hostBuiltins), coverage, inputSchemas: INPUT_SCHEMAS, schemas: program.schemas, strictBuiltinErrors: strict, regoVersion: program.regoVersion, capabilities: program.capabilities });
  const policy = await loadPolicyWasm(compiled.wasm, hostBuiltins);
  installData(policy, program);
  if (compiled.coverage) program.hits.push({ policy, sites: compiled.coverage });
  return { policy, entrypoints: compiled.entrypoints };
}

async function runOne(test: TestCase, shared: Compiled | Error, program: Program, options: RunOptions): Promise<TestResult> {
  let compiled = shared;
  if (compiled instanceof Error) {
    compiled = await compileTests(program, [test]);
    if (compiled instanceof Error) return internalError(test, compiled);
  }
  const entrypoint = compiled.entrypoints[test.entrypoint]!;
  const evaluation = evaluateTest(compiled.policy, entrypoint, options.timeoutMs);
  const casesId = program.withCases && test.casesEntrypoint ? compiled.entrypoints[test.casesEntrypoint] : undefined;
  const enumerated = casesId === undefined || evaluation.error ? undefined : evaluateTest(compiled.policy, casesId, options.timeoutMs);
  const result = resultOf(test, evaluation, enumerated?.error ? undefined : enumerated?.value);
  // opa test turns print statements off when it benchmarks.
  if (options.benchMs !== undefined) delete result.output;
  if (result.fail) await explainFailure(test, result, program, options);
  if (options.benchMs !== undefined && !result.fail && !result.error) {
    result.benchmark_result = bench(compiled.policy, entrypoint, options);
  }
  return result;
}

/** A failure that a builtin error caused becomes that error (the strict build aborts where it happened). */
async function explainFailure(test: TestCase, result: TestResult, program: Program, options: RunOptions): Promise<void> {
  program.strict ??= compileTests(program, program.runnable, true);
  let strict = await program.strict;
  if (strict instanceof Error) strict = await compileTests(program, [test], true);
  if (strict instanceof Error) return;
  const id = strict.entrypoints[test.entrypoint];
  if (id === undefined) return;
  const error = evaluateTest(strict.policy, id, options.timeoutMs).error;
  if (error?.code !== BUILTIN_ERROR && error?.code !== BUILTIN_TYPE_ERROR) return;
  delete result.fail;
  delete result.sub_results;
  result.error = error;
}

function resultOf(test: TestCase, evaluation: Evaluation, enumerated: unknown): TestResult {
  const result: TestResult = { location: test.location, package: test.package, name: test.name, duration: evaluation.duration };
  if (evaluation.output) result.output = evaluation.output;
  if (evaluation.error) {
    result.error = evaluation.error;
    return result;
  }
  if (test.caseDepth === 0) {
    if (evaluation.value !== true) result.fail = true;
    return result;
  }
  const cases: Record<string, SubResult> | undefined = subResultsOf(evaluation.value, test.caseDepth, enumerated);
  // Without any case the rule is the empty object: defined, so opa test passes it.
  if (!cases || (Object.keys(cases).length === 0 && !isEmptyObject(evaluation.value))) {
    result.fail = true;
    return result;
  }
  result.sub_results = cases;
  if (Object.values(cases).some((c) => c.fail)) result.fail = true;
  return result;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function skipped(test: TestCase): TestResult {
  return { location: test.location, package: test.package, name: test.name, skip: true, duration: 0 };
}

function internalError(test: TestCase, error: Error): TestResult {
  return {
    location: test.location,
    package: test.package,
    name: test.name,
    error: { code: 'warden_compile_error', message: `the compiler failed on this test: ${errorMessage(error)}` },
    duration: 0,
  };
}

/**
 * Go's benchmark loop in spirit: grow the iteration count until the run lasts benchMs. MemBytes
 * (Go's name) sums the heap bytes of the last round's evaluations, when each was measured.
 */
function bench(policy: LoadedPolicy, entrypoint: number, options: RunOptions): BenchmarkResult {
  const target = (options.benchMs ?? 0) * 1e6;
  let n = 1;
  let total = 0;
  for (;;) {
    total = 0;
    let memBytes: number | undefined = 0;
    for (let i = 0; i < n; i++) {
      const evaluation = evaluateTest(policy, entrypoint, options.timeoutMs);
      total += evaluation.duration;
      memBytes = memBytes === undefined || evaluation.heapBytes === undefined ? undefined : memBytes + evaluation.heapBytes;
    }
    if (total >= target || n >= 1e9) return { N: n, T: total, ...(options.benchMem === true && memBytes !== undefined ? { MemBytes: memBytes } : {}) };
    const perOp = Math.max(total / n, 1);
    n = Math.min(Math.max(Math.ceil((target / perOp) * 1.2), n + 1), n * 100);
  }
}
