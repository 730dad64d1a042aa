/**
 * The outcome of one test, shaped like `opa test`'s result (the JSON reporter writes it as is),
 * and the counting rules of its summary: a parameterized test counts once per leaf test case.
 */
import type { Location } from '../../engine/compiler/ast.js';
import type { CaseLine, FailureLine } from './failure-lines.js';

export interface TestError {
  code: string;
  message: string;
  location?: Location;
}

/** One test case of a parameterized test; `sub_results` nests a case with more variables. */
export interface SubResult {
  name: string;
  fail?: true;
  sub_results?: Record<string, SubResult>;
}

export interface BenchmarkResult {
  /** Iterations and their total time in ns, as Go's testing.BenchmarkResult names them. */
  N: number;
  T: number;
  /**
   * Bytes allocated over the N iterations (Go's name): the wasm heap's, with `--benchmem`. Go's
   * MemAllocs has no counterpart: the wasm allocator bumps a pointer and counts no allocations.
   */
  MemBytes?: number;
}

export interface TestResult {
  location: Location;
  package: string;
  name: string;
  fail?: true;
  error?: TestError;
  skip?: true;
  /** Nanoseconds. */
  duration: number;
  /** What print() wrote during the test, one line per call. */
  output?: string;
  benchmark_result?: BenchmarkResult;
  sub_results?: Record<string, SubResult>;
  /** Where a failing test failed (pretty output only; OPA's JSON result has its trace instead). */
  failure_line?: FailureLine;
  /** Where each failing case of a parameterized test failed, by the case's names (pretty output only). */
  case_failure_lines?: CaseLine[];
}

export type Outcome = 'PASS' | 'FAIL' | 'SKIPPED' | 'ERROR';

export function outcome(r: TestResult): Outcome {
  if (r.skip) return 'SKIPPED';
  if (r.error) return 'ERROR';
  return r.fail ? 'FAIL' : 'PASS';
}

export interface Counts {
  pass: number;
  fail: number;
  skip: number;
  error: number;
  total: number;
}

export function countResults(results: readonly TestResult[]): Counts {
  const c = { pass: 0, fail: 0, skip: 0, error: 0, total: 0 };
  for (const r of results) {
    if (r.skip) c.skip++;
    else if (r.error) c.error++;
    else if (r.sub_results && Object.keys(r.sub_results).length > 0) {
      for (const [, leaf] of walkSubResults(r.sub_results)) {
        if (leaf.sub_results) continue;
        if (leaf.fail) c.fail++;
        else c.pass++;
      }
    } else if (r.fail) c.fail++;
    else c.pass++;
  }
  c.total = c.pass + c.fail + c.skip + c.error;
  return c;
}

/** Depth first, keys sorted, with each case's full name path. */
export function* walkSubResults(map: Record<string, SubResult>, prefix: string[] = []): Generator<[string[], SubResult]> {
  for (const key of Object.keys(map).sort()) {
    const sr = map[key]!;
    const full = [...prefix, key];
    yield [full, sr];
    if (sr.sub_results) yield* walkSubResults(sr.sub_results, full);
  }
}

/** Whether the run as a whole passed (exit 0): nothing failed and nothing errored. */
export function allPassed(results: readonly TestResult[]): boolean {
  return results.every((r) => r.skip || (!r.fail && !r.error));
}
