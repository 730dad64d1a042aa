/**
 * The failure line of each failing test, and of each failing case of a parameterized test
 * (./failure-probe.ts): every probe is compiled in ONE build beside the tests' modules, after
 * the run and only for the tests that failed. A probe that does not compile is dropped by the
 * rows its errors point at and the build is tried again; an error outside the probes, or one
 * that keeps recurring, leaves the tests without failure lines rather than guessing.
 */
import { CompileError } from '../../engine/index.js';
import type { TestCase } from './discover.js';
import type { Evaluation } from './evaluate.js';
import { buildProbe, packageRules, probeModule, type Probe, type ProbeContext, type ProbeRule } from './failure-probe.js';
import { elementValue, failingElement } from './failure-every.js';
import { extentOf } from './extent.js';

export interface ShownValue {
  title: string;
  row: number;
  col: number;
  /** Absent: undefined at the failure. */
  value?: unknown;
  defined: boolean;
}

export interface FailureLine {
  file: string;
  row: number;
  col: number;
  /** The failing expression as written (later lines keep their indentation). */
  text: string;
  /** The source lines of the module, for the tabs before each column. */
  lines: readonly string[];
  /** With `--var-values`. */
  values?: ShownValue[];
}

export interface ProbeBuild {
  evaluate(entrypoint: string): Evaluation | undefined;
}

/** Compiles the tests' modules plus `modules` with `entrypoints`; a CompileError or Error when that fails. */
export type ProbeCompiler = (modules: Record<string, string>, entrypoints: string[]) => Promise<ProbeBuild | Error>;

/** A failing test, with the failing leaf cases of a parameterized one (each by its names). */
export interface FailedTest {
  test: TestCase;
  cases?: readonly string[][];
}

/** Where a test, or one case of it (`path`; empty for a plain test), failed. */
export interface CaseLine {
  path: string[];
  line: FailureLine;
}

const ATTEMPTS = 4;

export async function failureLines(failed: readonly FailedTest[], ctx: ProbeContext, compileProbes: ProbeCompiler): Promise<Map<TestCase, CaseLine[]>> {
  const rules = packageRules(ctx);
  const probes = failed.flatMap((f, i) => buildProbe(f.test, i, ctx, rules) ?? []);
  const out = new Map<TestCase, CaseLine[]>();
  if (probes.length === 0) return out;
  const dropped = new Set<ProbeRule>();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const live = probes.map((p) => ({ probe: p, rules: p.rules.filter((r) => !dropped.has(r)) }));
    const built = live.map(({ probe, rules }) => ({ probe, ...probeModule(probe, rules) }));
    const entrypoints = live.flatMap(({ rules }) => rules.map((r) => r.entrypoint));
    const build = entrypoints.length > 0 ? await compileProbes(Object.fromEntries(built.map((b) => [b.probe.file, b.source])), entrypoints) : NOTHING_TO_EVALUATE;
    if (build instanceof CompileError) {
      if (!dropFailing(build, built, dropped)) return out;
      continue;
    }
    if (build instanceof Error) return out;
    const results = probeResults(build);
    const cases = new Map(failed.map((f) => [f.test, f.cases]));
    for (const probe of probes) {
      const lines = linesOf(probe, cases.get(probe.test), results, dropped, ctx.withValues);
      if (lines.length > 0) out.set(probe.test, lines);
    }
    return out;
  }
  return out;
}

/** A plain test's line, or each failing case's (a test that failed as a whole: placed over all its cases). */
function linesOf(probe: Probe, cases: readonly string[][] | undefined, results: ProbeResults, dropped: ReadonlySet<ProbeRule>, withValues: boolean): CaseLine[] {
  const keyed = probe.caseKey !== undefined;
  const paths: ReadonlyArray<readonly string[] | undefined> = keyed && cases && cases.length > 0 ? cases : [undefined];
  return paths.flatMap((path) => {
    const line = lineOf(probe, reader(results, dropped, keyed, path), withValues);
    return line ? [{ path: path ? [...path] : [], line }] : [];
  });
}

/** The probes' results (for one case of a parameterized test). */
interface Reader {
  /** A probe's results; undefined when it was dropped or failed. */
  read(rule: ProbeRule): unknown[] | undefined;
  /** Whether the probe was dropped (it did not compile). */
  dropped(rule: ProbeRule): boolean;
}

/**
 * Reads the probes' results. A parameterized test's are `[case, x]` pairs: those of the case at
 * `path` (all of them without one) are read as their `x`.
 */
function reader(results: ProbeResults, dropped: ReadonlySet<ProbeRule>, keyed: boolean, path?: readonly string[]): Reader {
  const read = (rule: ProbeRule): unknown[] | undefined => {
    if (dropped.has(rule)) return undefined;
    if (!keyed) return results.all(rule.entrypoint);
    return path ? results.ofCase(rule.entrypoint, path) : results.all(rule.entrypoint)?.flatMap((pair) => (Array.isArray(pair) ? [pair[1]] : []));
  };
  return { read, dropped: (rule) => dropped.has(rule) };
}

interface ProbeResults {
  /** A probe's results; undefined when it failed. */
  all(entrypoint: string): unknown[] | undefined;
  /** The `x` of a keyed probe's `[case, x]` pairs for the case at `path`. */
  ofCase(entrypoint: string, path: readonly string[]): unknown[] | undefined;
}

/** Each probe evaluated once and its pairs grouped by case once, however many cases read it. */
function probeResults(build: ProbeBuild): ProbeResults {
  const values = new Map<string, unknown[] | undefined>();
  const groups = new Map<string, Map<string, unknown[]> | undefined>();
  const all = (entrypoint: string): unknown[] | undefined => {
    if (!values.has(entrypoint)) {
      const result = build.evaluate(entrypoint);
      values.set(entrypoint, result && !result.error && Array.isArray(result.value) ? result.value : undefined);
    }
    return values.get(entrypoint);
  };
  const ofCase = (entrypoint: string, path: readonly string[]): unknown[] | undefined => {
    if (!groups.has(entrypoint)) groups.set(entrypoint, byCase(all(entrypoint)));
    const grouped = groups.get(entrypoint);
    return grouped && (grouped.get(JSON.stringify(path)) ?? []);
  };
  return { all, ofCase };
}

/** `[case, x]` pairs grouped by the case's names, as opa test names cases: strings as they are, other keys as JSON. */
function byCase(pairs: unknown[] | undefined): Map<string, unknown[]> | undefined {
  if (!pairs) return undefined;
  const out = new Map<string, unknown[]>();
  for (const pair of pairs) {
    if (!Array.isArray(pair) || !Array.isArray(pair[0])) continue;
    const name = JSON.stringify(pair[0].map((v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))));
    const xs = out.get(name) ?? [];
    xs.push(pair[1]);
    out.set(name, xs);
  }
  return out;
}

/** A build for probes that have no rule: a test whose first expression failed. */
const NOTHING_TO_EVALUATE: ProbeBuild = { evaluate: () => undefined };

type Built = { probe: Probe; rows: Map<ProbeRule, [number, number]> };

/** Drops the probe rules the errors point at (all of a probe's for an error between them); false when an error is not in a probe. */
function dropFailing(error: CompileError, built: readonly Built[], dropped: Set<ProbeRule>): boolean {
  for (const d of error.errors) {
    const hit = built.find((b) => b.probe.file === d.location.file);
    if (!hit) return false;
    const rows = [...hit.rows.entries()];
    const at = rows.filter(([, [first, last]]) => d.location.row >= first && d.location.row <= last).map(([rule]) => rule);
    (at.length > 0 ? at : rows.map(([rule]) => rule)).forEach((rule) => dropped.add(rule));
  }
  return true;
}

function lineOf(probe: Probe, read: Reader, withValues: boolean): FailureLine | undefined {
  const k = failingIndex(probe, read);
  if (k === undefined) return undefined;
  const expr = probe.body[k]!;
  if (expr.type === 'every') {
    const inside = everyLine(probe, k, read, withValues);
    if (inside) return inside;
  }
  const extent = probe.extents[k]!;
  const line: FailureLine = { file: probe.test.location.file, row: extent.start.row, col: extent.start.col, text: extent.text, lines: probe.source.source.split('\n') };
  if (withValues) line.values = valuesAt(probe, k, read, !expr.negated);
  return line;
}

/**
 * The body expression of the failing `every` at k that failed for the first element it does not
 * hold for (./failure-every.ts), with the values there; undefined when the probes cannot tell.
 */
function everyLine(probe: Probe, k: number, read: Reader, withValues: boolean): FailureLine | undefined {
  const every = probe.body[k];
  if (every?.type !== 'every') return undefined;
  const rules = probe.rules.filter((r) => r.every?.k === k);
  const keysAfter: unknown[][] = [];
  for (const rule of rules.filter((r) => r.every?.keysAfter !== undefined)) {
    const keys = read.read(rule);
    if (!keys) return undefined;
    keysAfter.push(keys);
  }
  const failing = failingElement(keysAfter);
  const expr = failing && every.body[failing.j];
  const extent = expr && extentOf(probe.source, expr);
  if (!failing || !extent) return undefined;
  const line: FailureLine = { file: probe.test.location.file, row: extent.start.row, col: extent.start.col, text: extent.text, lines: probe.source.source.split('\n') };
  if (!withValues) return line;
  line.values = [];
  for (const rule of rules) {
    const value = rule.every?.value;
    const pairs = value?.j === failing.j ? read.read(rule) : undefined;
    if (value && pairs) line.values.push({ title: value.term.title, row: value.term.row, col: value.term.col, ...elementValue(pairs, failing.key) });
  }
  return line;
}

/**
 * The index of the first expression after which the body has no solution. Leading prefixes
 * that do not compile are passed over (a parameterized test's case terms are not bound there
 * yet); one that does not compile after a prefix that had a solution leaves it unknown, as does
 * a body whose compiled prefixes never had one while some did not compile.
 */
function failingIndex(probe: Probe, read: Reader): number | undefined {
  let k = 0;
  let skipped = false;
  for (const rule of probe.rules.filter((r) => r.prefix !== undefined)) {
    if (read.dropped(rule) && k === 0) {
      skipped = true;
      continue;
    }
    const solutions = read.read(rule);
    if (!solutions) return undefined;
    if (solutions.length === 0) break;
    k = rule.prefix!;
  }
  return skipped && k === 0 ? undefined : k;
}

/**
 * The first solution's value of each shown term. A variable the prefix does not bind (its probe
 * did not compile) is undefined there, as OPA shows it, unless the expression is negated.
 */
function valuesAt(probe: Probe, k: number, read: Reader, unboundIsUndefined: boolean): ShownValue[] {
  const values: ShownValue[] = [];
  for (const rule of probe.rules) {
    if (rule.value?.k !== k) continue;
    const { term } = rule.value;
    const at = { title: term.title, row: term.row, col: term.col };
    if (read.dropped(rule)) {
      if (term.kind === 'var' && unboundIsUndefined) values.push({ ...at, defined: false });
      continue;
    }
    const found = read.read(rule);
    if (!found) continue;
    values.push(found.length > 0 ? { ...at, value: found[0], defined: true } : { ...at, defined: false });
  }
  return values;
}
