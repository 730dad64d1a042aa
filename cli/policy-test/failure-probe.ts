/**
 * Where a failing test failed, found without an interpreter trace: the test's body is a sequence
 * of expressions, and the failing one is the first before which the body still has a solution
 * but after which it has none. A probe module in the test's package (its imports copied) holds
 * one rule per prefix of the body, `[true | e1; ...; ek]`, and one per value `--var-values`
 * shows, `[v | e1; ...; ek; v := term <the expression's with modifiers>]`, each on rows of its
 * own so that a probe that does not compile (a variable the prefix does not bind) can be
 * dropped by the rows of its errors. Only a test whose head has no value and that has no
 * `else` is probed. A parameterized test's probes collect each result with its case, `[[KEY, x]
 * | ...]` (KEY the head's case terms, `[note]` for `test_x[note]`), so one probe serves every
 * case and each failing case is placed on its own (./failure-lines.ts).
 */
import type { Body, Rule } from '../../engine/compiler/ast.js';
import { parseModule } from '../../engine/compiler/syntax/index.js';
import { companionHeader } from './companion-header.js';
import { extentOf, sourceText, type Extent, type SourceText } from './extent.js';
import { globalsOf, shownTerms, type ShownTerm } from './failure-terms.js';
import { everyProbeBodies, withModifiers, type EveryProbe } from './failure-every.js';
import type { TestCase } from './discover.js';

export const PROBE_FILE_SUFFIX = '#warden-failure';

export interface ProbeRule {
  /** Entrypoint path, `pkg/<name>`. */
  entrypoint: string;
  /** The rule as written in the probe module. */
  text: string;
  /** A prefix probe: the body up to and including expression `k - 1` has a solution. */
  prefix?: number;
  /** A value probe: the term's value after the prefix up to expression `k - 1`. */
  value?: { k: number; term: ShownTerm };
  /** A probe into the body of an `every` (./failure-every.ts). */
  every?: EveryProbe;
}

export interface Probe {
  test: TestCase;
  source: SourceText;
  body: Body;
  /** Each expression's extent; `undefined` when it could not be read. */
  extents: Extent[];
  /** A parameterized test's case terms as an array, `[note]`: each probe result is `[case, x]`. */
  caseKey?: string;
  /** The probe module's name and first lines (package and imports). */
  file: string;
  header: string[];
  rules: ProbeRule[];
}

export interface ProbeContext {
  /** Module name -> source, as loaded (before duplicate tests are renamed). */
  modules: Readonly<Record<string, string>>;
  regoVersion: 0 | 1;
  withValues: boolean;
}

/** Package (dotted) -> the names of its rules, over every module. */
export type PackageRules = ReadonlyMap<string, ReadonlySet<string>>;

export function packageRules(ctx: ProbeContext): PackageRules {
  const out = new Map<string, Set<string>>();
  for (const [file, source] of Object.entries(ctx.modules)) {
    const module = parseModule(file, source, { regoVersion: ctx.regoVersion }).module;
    if (!module) continue;
    const names = out.get(module.package.path.join('.')) ?? new Set<string>();
    for (const r of module.rules) {
      const head = r.head.ref[0];
      if (head?.type === 'var') names.add(head.name);
    }
    out.set(module.package.path.join('.'), names);
  }
  return out;
}

export function buildProbe(test: TestCase, index: number, ctx: ProbeContext, rules: PackageRules): Probe | undefined {
  const source = ctx.modules[test.location.file];
  if (source === undefined) return undefined;
  const parsed = parseModule(test.location.file, source, { regoVersion: ctx.regoVersion }).module;
  const rule = parsed?.rules.find((r) => r.loc.row === test.location.row && r.loc.col === test.location.col);
  if (!parsed || !rule || !probedTest(rule)) return undefined;
  const src = sourceText(test.location.file, source);
  const extents = rule.body.map((e) => extentOf(src, e));
  const caseKey = caseKeyOf(rule, test.caseDepth, src);
  if (extents.some((e) => e === undefined) || caseKey === null) return undefined;
  const collect = (head: string, body: string): string => `[${caseKey ? `[${caseKey}, ${head}]` : head} | ${body}]`;
  const globals = globalsOf(parsed, rules.get(parsed.package.path.join('.')) ?? new Set());
  const name = `__warden_failure_${index}`;
  const probeRules: ProbeRule[] = [];
  const emit = (rule: string, probe: Omit<ProbeRule, 'entrypoint' | 'text'>, suffix: string): void => {
    const ruleName = `${name}_${suffix}`;
    probeRules.push({ entrypoint: [...parsed.package.path, ruleName].join('/'), text: `${ruleName} := ${rule}`, ...probe });
  };
  const bodyExtents = extents as Extent[];
  for (let k = 0; k < rule.body.length; k++) {
    const prefix = k === 0 ? '' : source.slice(bodyExtents[0]!.from, bodyExtents[k - 1]!.to);
    if (k > 0) emit(collect('true', prefix), { prefix: k }, `p${k}`);
    const expr = rule.body[k]!;
    if (expr.type === 'every') {
      everyProbeBodies(expr, k, prefix, src, globals, ctx.withValues, collect).forEach(({ rule: text, probe }, j) => emit(text, { every: probe }, `e${k}_${j}`));
    }
    if (!ctx.withValues) continue;
    // A modifier that cannot be read would leave the value unmocked: no values then, rather than wrong ones.
    const withText = withModifiers(expr.with, [], src);
    if (withText === undefined) continue;
    shownTerms(expr, src, globals).forEach((term, j) => {
      const assign = `__warden_v := ${term.text}${withText ? ` ${withText}` : ''}`;
      emit(collect('__warden_v', `${prefix ? `${prefix}\n` : ''}${assign}`), { value: { k, term } }, `v${k}_${j}`);
    });
  }
  const file = `${test.location.file}${PROBE_FILE_SUFFIX}/${index}`;
  return { test, source: src, body: rule.body, extents: bodyExtents, ...(caseKey && { caseKey }), file, header: companionHeader(parsed, source), rules: probeRules };
}

/** A parameterized test's case terms as written, as an array; undefined for a plain test, null when unreadable. */
function caseKeyOf(rule: Rule, caseDepth: number, src: SourceText): string | undefined | null {
  if (caseDepth === 0) return undefined;
  const terms = rule.head.ref.slice(-caseDepth).map((t) => extentOf(src, t)?.text);
  return terms.some((t) => t === undefined) ? null : `[${terms.join(', ')}]`;
}

/** The probe module holding `rules`, and the rows each spans, by which its errors are told apart. */
export function probeModule(probe: Probe, rules: readonly ProbeRule[]): { source: string; rows: Map<ProbeRule, [number, number]> } {
  const lines = [...probe.header];
  const rows = new Map<ProbeRule, [number, number]>();
  for (const rule of rules) {
    const first = lines.length + 1;
    lines.push(...rule.text.split('\n'));
    rows.set(rule, [first, lines.length]);
  }
  return { source: `${lines.join('\n')}\n`, rows };
}

/** A test whose failure (of a case, for a parameterized one) means its body had no solution. */
function probedTest(rule: Rule): boolean {
  const value = rule.head.value;
  const trueValue = value === undefined || (value.type === 'boolean' && value.value);
  return trueValue && rule.head.contains === undefined && !rule.else && rule.body.length > 0;
}

