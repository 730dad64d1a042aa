/**
 * The failure line of each failing plain test (./failure-probe.ts): every probe is compiled in
 * ONE build beside the tests' modules, after the run and only for the tests that failed. A probe
 * that does not compile is dropped by the rows its errors point at and the build is tried again;
 * an error outside the probes, or one that keeps recurring, leaves the tests without failure
 * lines rather than guessing.
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

const ATTEMPTS = 4;

export async function failureLines(tests: readonly TestCase[], ctx: ProbeContext, compileProbes: ProbeCompiler): Promise<Map<TestCase, FailureLine>> {
  const rules = packageRules(ctx);
  const probes = tests.flatMap((t, i) => buildProbe(t, i, ctx, rules) ?? []);
  const out = new Map<TestCase, FailureLine>();
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
    for (const probe of probes) {
      const line = lineOf(probe, build, dropped, ctx.withValues);
      if (line) out.set(probe.test, line);
    }
    return out;
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

function lineOf(probe: Probe, build: ProbeBuild, dropped: ReadonlySet<ProbeRule>, withValues: boolean): FailureLine | undefined {
  const k = failingIndex(probe, build, dropped);
  if (k === undefined) return undefined;
  const expr = probe.body[k]!;
  if (expr.type === 'every') {
    const inside = everyLine(probe, k, build, dropped, withValues);
    if (inside) return inside;
  }
  const extent = probe.extents[k]!;
  const line: FailureLine = { file: probe.test.location.file, row: extent.start.row, col: extent.start.col, text: extent.text, lines: probe.source.source.split('\n') };
  if (withValues) line.values = valuesAt(probe, k, build, dropped, !expr.negated);
  return line;
}

/**
 * The body expression of the failing `every` at k that failed for the first element it does not
 * hold for (./failure-every.ts), with the values there; undefined when the probes cannot tell.
 */
function everyLine(probe: Probe, k: number, build: ProbeBuild, dropped: ReadonlySet<ProbeRule>, withValues: boolean): FailureLine | undefined {
  const every = probe.body[k];
  if (every?.type !== 'every') return undefined;
  const rules = probe.rules.filter((r) => r.every?.k === k);
  const keysAfter: unknown[][] = [];
  for (const rule of rules.filter((r) => r.every?.keysAfter !== undefined)) {
    const result = dropped.has(rule) ? undefined : build.evaluate(rule.entrypoint);
    if (!result || result.error || !Array.isArray(result.value)) return undefined;
    keysAfter.push(result.value);
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
    if (value?.j !== failing.j || dropped.has(rule)) continue;
    const result = build.evaluate(rule.entrypoint);
    if (!result || result.error || !Array.isArray(result.value)) continue;
    line.values.push({ title: value.term.title, row: value.term.row, col: value.term.col, ...elementValue(result.value, failing.key) });
  }
  return line;
}

/** The index of the first expression after which the body has no solution. */
function failingIndex(probe: Probe, build: ProbeBuild, dropped: ReadonlySet<ProbeRule>): number | undefined {
  let k = 0;
  for (const rule of probe.rules.filter((r) => r.prefix !== undefined)) {
    if (dropped.has(rule)) return undefined;
    const solutions = build.evaluate(rule.entrypoint);
    if (!solutions || solutions.error || !Array.isArray(solutions.value)) return undefined;
    if (solutions.value.length === 0) break;
    k = rule.prefix!;
  }
  return k;
}

/**
 * The first solution's value of each shown term. A variable the prefix does not bind (its probe
 * did not compile) is undefined there, as OPA shows it, unless the expression is negated.
 */
function valuesAt(probe: Probe, k: number, build: ProbeBuild, dropped: ReadonlySet<ProbeRule>, unboundIsUndefined: boolean): ShownValue[] {
  const values: ShownValue[] = [];
  for (const rule of probe.rules) {
    if (rule.value?.k !== k) continue;
    const { term } = rule.value;
    const at = { title: term.title, row: term.row, col: term.col };
    if (dropped.has(rule)) {
      if (term.kind === 'var' && unboundIsUndefined) values.push({ ...at, defined: false });
      continue;
    }
    const result = build.evaluate(rule.entrypoint);
    if (!result || result.error || !Array.isArray(result.value)) continue;
    values.push(result.value.length > 0 ? { ...at, value: result.value[0], defined: true } : { ...at, defined: false });
  }
  return values;
}
