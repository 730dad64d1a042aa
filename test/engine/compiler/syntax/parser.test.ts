import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { formatDiagnostic, type Diagnostic } from '../../../../engine/compiler/diagnostics.js';
import { parseModule, parseQuery } from '../../../../engine/compiler/syntax/index.js';
import { casesDir, conformanceDir } from './fixtures.js';
import { renderBody, renderImport, renderRule } from './render.js';

interface ParserCase {
  name: string;
  query?: string;
  module?: string;
  regoVersion?: 0 | 1;
  /** Query: the rendered body (see render.ts). */
  want?: string;
  /** Module: rendered rules, imports and the package path. */
  want_rules?: string[];
  want_imports?: string[];
  want_package?: string[];
  want_rego_version?: 0 | 1;
  /** METADATA annotations: the package's, and each rule's (null when it has none). */
  want_annotations?: { package?: unknown; rules?: unknown[] };
  /** The exact AST (body or module) with every `loc` removed. */
  want_ast?: unknown;
  /** Dotted path into the body or module (e.g. `rules.0.head.value`) -> "row:col". */
  want_locations?: Record<string, string>;
  want_error?: WantError;
  /** Several errors, in order (modules recover at the next statement). */
  want_errors?: WantError[];
}

interface WantError { row: number; col: number; message?: string }

function stripLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripLocations);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'loc').map(([k, v]) => [k, stripLocations(v)]));
}

function lookup(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}

function runCase(c: ParserCase): void {
  const file = 'case.rego';
  const result = c.query !== undefined
    ? (({ body, errors }) => ({ tree: body as unknown, errors }))(parseQuery(c.query, file))
    : (({ module, errors }) => ({ tree: module as unknown, errors }))(
        parseModule(file, c.module ?? '', c.regoVersion === undefined ? {} : { regoVersion: c.regoVersion }),
      );
  if (c.want_error) return checkErrors([c.want_error], result.errors);
  if (c.want_errors) return checkErrors(c.want_errors, result.errors);
  assert.equal(result.errors.map(formatDiagnostic), [], 'unexpected parse errors');
  const tree = result.tree;
  if (c.want !== undefined) assert.is(renderBody(tree as Parameters<typeof renderBody>[0]), c.want);
  if (c.module !== undefined) checkModule(c, tree as NonNullable<ReturnType<typeof parseModule>['module']>);
  if (c.want_ast !== undefined) assert.equal(stripLocations(tree), c.want_ast);
  for (const [path, where] of Object.entries(c.want_locations ?? {})) {
    const loc = lookup(tree, `${path}.loc`) as { row: number; col: number; file: string } | undefined;
    assert.ok(loc, `no location at ${path}`);
    assert.is(`${loc.row}:${loc.col}`, where, `location of ${path}`);
    assert.is(loc.file, file);
  }
}

function checkModule(c: ParserCase, m: NonNullable<ReturnType<typeof parseModule>['module']>): void {
  if (c.want_rules) assert.equal(m.rules.map(renderRule), c.want_rules);
  if (c.want_imports) assert.equal(m.imports.map(renderImport), c.want_imports);
  if (c.want_package) assert.equal(m.package.path, c.want_package);
  if (c.want_rego_version !== undefined) assert.is(m.regoVersion, c.want_rego_version);
  if (c.want_annotations?.package !== undefined) assert.equal(m.package.annotations ?? null, c.want_annotations.package);
  if (c.want_annotations?.rules) assert.equal(m.rules.map((r) => r.annotations ?? null), c.want_annotations.rules);
}

function checkErrors(wants: WantError[], errors: Diagnostic[]): void {
  assert.equal(errors.map((e) => `${e.location.row}:${e.location.col}`), wants.map((w) => `${w.row}:${w.col}`),
    `error locations (${errors.map((e) => e.message).join(' | ')})`);
  errors.forEach((e, i) => {
    const want = wants[i]!;
    assert.is(e.code, 'rego_parse_error');
    assert.is(e.location.file, 'case.rego');
    if (want.message) assert.ok(e.message.includes(want.message), `message "${e.message}" lacks "${want.message}"`);
  });
}

for (const name of readdirSync(casesDir).filter((f) => f.endsWith('.yaml') && f !== 'lexer.yaml').sort()) {
  const cases = (parseYaml(readFileSync(join(casesDir, name), 'utf8')) as { cases: ParserCase[] }).cases;
  for (const c of cases) test(`${name.replace('.yaml', '')}: ${c.name}`, () => runCase(c));
}

test('deep nesting is an error, not a stack overflow', () => {
  const { errors } = parseQuery('['.repeat(5000) + ']'.repeat(5000));
  assert.is(errors.length, 1);
  assert.ok(errors[0]!.message.includes('nested more than'), errors[0]!.message);
  assert.equal(parseQuery('['.repeat(300) + ']'.repeat(300)).errors, []);
  assert.equal(parseQuery('('.repeat(299) + 'x' + ')'.repeat(299)).errors, []);
  const everyChain = (n: number): string => (n === 0 ? 'true' : `every x in y { ${everyChain(n - 1)} }`);
  assert.ok(parseQuery(everyChain(5000)).errors[0]?.message.includes('nested more than'));
});

interface ConformanceCase { note?: string; query?: string; modules?: string[]; want_error_code?: string }

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return p.endsWith('.yaml') ? [p] : [];
  });
}

test('conformance corpus: every module and query parses unless a parse error is expected', () => {
  if (!existsSync(conformanceDir)) {
    console.log(`  skipped: ${conformanceDir} not found`);
    return;
  }
  const counts = { parsed: 0, expectedErrors: 0 };
  const failures: string[] = [];
  for (const path of yamlFiles(conformanceDir)) {
    for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
      const cases = ((doc.toJS() ?? {}) as { cases?: ConformanceCase[] }).cases ?? [];
      for (const c of cases) {
        const where = `${relative(conformanceDir, path)} ${c.note ?? ''}`;
        const sources: Array<[string, Diagnostic[]]> = (c.modules ?? []).map((m, i) => [`module ${i}`, parseModule(`${where}#${i}`, m).errors]);
        if (c.query !== undefined) sources.push(['query', parseQuery(c.query, where).errors]);
        const expectParseError = c.want_error_code === 'rego_parse_error';
        if (expectParseError) {
          counts.expectedErrors++;
          if (!sources.some(([, errors]) => errors.length > 0)) failures.push(`${where}: expected a parse error`);
          continue;
        }
        for (const [what, errors] of sources) {
          if (errors.length === 0) counts.parsed++;
          else failures.push(`${where} ${what}: ${formatDiagnostic(errors[0]!)}`);
        }
      }
    }
  }
  console.log(`  conformance: ${counts.parsed} modules/queries parsed, ${counts.expectedErrors} cases expecting rego_parse_error, ${failures.length} failures`);
  assert.equal(failures, []);
});

test.run();
