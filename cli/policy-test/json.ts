/**
 * `opa test --format json`: the array of results, keys in OPA's order, indented by two spaces.
 * `output` is base64, because OPA's result holds print output as Go bytes and Go encodes bytes
 * so; consumers of OPA's JSON already decode it.
 */
import type { TestResult } from './result.js';

export function formatJson(results: readonly TestResult[]): string {
  return `${JSON.stringify(results.map(jsonShape), null, 2)}\n`;
}

function jsonShape(r: TestResult): Record<string, unknown> {
  return {
    location: { file: r.location.file, row: r.location.row, col: r.location.col },
    package: r.package,
    name: r.name,
    ...(r.fail && { fail: true }),
    ...(r.error && { error: r.error }),
    ...(r.skip && { skip: true }),
    duration: r.duration,
    ...(r.output && { output: Buffer.from(r.output, 'utf8').toString('base64') }),
    ...(r.benchmark_result && { benchmark_result: r.benchmark_result }),
    ...(r.sub_results && { sub_results: r.sub_results }),
  };
}
