/**
 * `opa test`'s human format. Without -v only tests that did not pass print, each file's name
 * once above its tests, with the failing test cases of a parameterized test below it and the
 * test's print() output indented under it; with -v every test prints and, when some failed, a
 * FAILURES section comes first. OPA puts the evaluation trace there; the wasm build has no
 * trace, so the section shows where each failing test failed, the expression at its location
 * (with `--var-values` the values there too, and then the section shows without -v as well),
 * when it could be found (./failure-lines.ts). A dashed line and the non-zero counts close
 * the report. With --bench, passing tests print a Go benchmark line instead.
 */
import { formatBenchmark, formatGoDuration } from './go-format.js';
import { failureLineText } from './var-values.js';
import { countResults, outcome, walkSubResults, type TestError, type TestResult } from './result.js';

export interface PrettyOptions {
  verbose: boolean;
  /** `--var-values`: the FAILURES section even without -v, as opa test prints it. */
  varValues?: boolean;
  bench: boolean;
  /** `--format gobench`: benchmark lines named as Go's benchmark data format requires. */
  goBench?: boolean;
}

const RULE = '-'.repeat(80);

export function formatPretty(results: readonly TestResult[], options: PrettyOptions): string {
  const lines: string[] = [];
  const counts = countResults(results);
  if (counts.fail > 0 && (options.verbose || options.varValues === true)) lines.push(...failuresSection(results, options.verbose));
  const listed = listing(results, options);
  lines.push(...listed);
  if (listed.length > 0) lines.push(RULE);
  const summary: Array<[string, number]> = [
    ['PASS:', counts.pass],
    ['FAIL:', counts.fail],
    ['SKIPPED:', counts.skip],
    ['ERROR:', counts.error],
  ];
  for (const [label, n] of summary) if (n !== 0) lines.push(`${label} ${n}/${counts.total}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function failuresSection(results: readonly TestResult[], verbose: boolean): string[] {
  const lines = ['FAILURES', RULE];
  for (const r of results.filter((x) => x.fail && !x.error && !x.skip)) {
    lines.push(headline(r), '');
    if (r.failure_line) lines.push(...failureLineText(r.failure_line));
    else if (r.sub_results) {
      // With -v, OPA prints the test's trace first; a compiled test has none, so its place stays blank.
      lines.push(...(verbose ? [''] : []), ...failingCases(r));
    }
    lines.push('');
  }
  lines.push('SUMMARY', RULE);
  return lines;
}

/**
 * Each failing case of a parameterized test by its names, one more level indented each, then
 * where it failed as opa test --var-values prints it there: through a writer that indents every
 * line it starts, the last line of the values included, so with values that line ends in the
 * indentation. OPA's -v prints the test's trace instead; warden's shows the same lines.
 */
function failingCases(r: TestResult): string[] {
  const lines: string[] = [];
  for (const [fullName, sr] of walkSubResults(r.sub_results ?? {})) {
    if (!sr.fail || sr.sub_results) continue;
    fullName.forEach((name, depth) => lines.push(`${'  '.repeat(depth + 1)}${name}: FAIL`));
    const line = r.case_failure_lines?.find((c) => samePath(c.path, fullName))?.line;
    if (!line) continue;
    const indent = '  '.repeat(fullName.length + 1);
    const block = failureLineText(line).map((l) => indent + l);
    if (line.values) block[block.length - 1] += indent;
    lines.push(indent, ...block);
  }
  return lines;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function listing(results: readonly TestResult[], options: PrettyOptions): string[] {
  const lines: string[] = [];
  let lastFile = '';
  for (const r of results) {
    const passed = outcome(r) === 'PASS';
    if (passed && options.bench && r.benchmark_result) {
      const name = `${r.package}.${r.name}`;
      lines.push(`${options.goBench ? goBenchName(name) : name}\t${formatBenchmark(r.benchmark_result.N, r.benchmark_result.T, r.benchmark_result.MemBytes)}`);
    } else if (options.verbose || !passed) {
      if (r.location.file !== lastFile) {
        if (lastFile !== '') lines.push('');
        lines.push(`${r.location.file}:`);
        lastFile = r.location.file;
      }
      lines.push(headline(r), ...caseLines(r, options.verbose), ...outputLines(r));
    }
    if (r.error) lines.push(`  ${errorText(r.error)}`);
  }
  return lines;
}

/** A test's line: `data.pkg.test_x: PASS (1.2ms)`, a skipped one without its duration. */
export function headline(r: TestResult): string {
  const name = `${r.package}.${r.name}: ${outcome(r)}`;
  return r.skip ? name : `${name} (${formatGoDuration(r.duration)})`;
}

function caseLines(r: TestResult, verbose: boolean): string[] {
  if (!r.sub_results) return [];
  const lines: string[] = [];
  for (const [fullName, sr] of walkSubResults(r.sub_results)) {
    if (sr.fail || verbose) lines.push(`${'  '.repeat(fullName.length)}${sr.name}: ${sr.fail ? 'FAIL' : 'PASS'}`);
  }
  return lines;
}

function outputLines(r: TestResult): string[] {
  const text = r.output?.trim();
  if (!text) return [];
  return ['', ...text.split('\n').map((line) => `  ${line}`), ''];
}

/** OPA's evaluation error text: `file:row: code: message`. */
export function errorText(error: TestError): string {
  const where = error.location ? `${error.location.file}:${error.location.row}: ` : '';
  return `${where}${error.code}: ${error.message}`;
}

/**
 * Go's benchmark data format wants `Benchmark` and a capital next: as `opa test --format gobench`
 * names them, `data.foo.test_auth` becomes `BenchmarkDataFooTestAuth` (each part between dots
 * and underscores title-cased).
 */
export function goBenchName(name: string): string {
  return `Benchmark${name.split(/[._]/).map(title).join('')}`;
}

/** Go's strings.Title: the first letter of each word, words being runs of letters, digits and `_`. */
function title(part: string): string {
  return part.replace(/(^|[^\p{L}\p{N}_])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}
