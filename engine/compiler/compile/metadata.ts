/**
 * Stage: `rego.metadata.rule()` and `rego.metadata.chain()` become constants. Annotations are
 * known once all modules are parsed, so, as OPA does, each call is answered at compile time for
 * the rule it appears in and no host ever implements these builtins.
 */
import type { Location, Module, Rule, Term } from '../ast.js';
import { mapRule } from './map-terms.js';
import type { GroupedRule, Program, RuleGroup } from './program.js';
import { walkRule } from './walk.js';

const RULE = 'rego.metadata.rule';
const CHAIN = 'rego.metadata.chain';

type Annotations = Record<string, unknown>;

/** Replaces the calls in every rule of `program` (queries have no enclosing rule: left as they are). */
export function rewriteMetadataCalls(program: Program, modules: Module[]): void {
  for (const g of program.groups) {
    for (const r of [...g.rules, ...(g.defaultRule ? [g.defaultRule] : [])]) {
      if (!callsMetadata(r.rule)) continue;
      const values: Record<string, unknown> = { [RULE]: ruleScope(r.rule) ?? {}, [CHAIN]: chain(g, r, modules) };
      r.rule = mapRule(r.rule, (t) => (isMetadataCall(t) ? constant(values[t.fn.name], t.loc) : undefined));
    }
  }
}

function isMetadataCall(t: Term): t is Term & { type: 'call'; fn: { type: 'var'; name: string } } {
  // A call with arguments is left for the arity check to report.
  return t.type === 'call' && t.fn.type === 'var' && (t.fn.name === RULE || t.fn.name === CHAIN) && t.args.length === 0;
}

function callsMetadata(rule: Rule): boolean {
  let found = false;
  walkRule(rule, (t) => { found ||= isMetadataCall(t); });
  return found;
}

function ruleScope(rule: Rule): Annotations | undefined {
  return rule.annotations?.scope === 'rule' ? rule.annotations : undefined;
}

/**
 * OPA's order: the rule's own entry (a bare path when unannotated), the document, the package
 * (annotated in any of its modules), then enclosing `subpackages` annotations, innermost first.
 */
function chain(g: RuleGroup, r: GroupedRule, modules: Module[]): unknown[] {
  const entry = (path: string[], annotations: Annotations | undefined) => (annotations ? { path, annotations } : { path });
  const out = [entry(g.path, ruleScope(r.rule))];
  const doc = [...g.rules, ...(g.defaultRule ? [g.defaultRule] : [])].find((x) => x.rule.annotations?.scope === 'document');
  if (doc) out.push(entry(g.path, doc.rule.annotations));
  const pkg = modules[r.file]!.package.path;
  const pkgAnnotations = packageAnnotations(modules, pkg, 'package');
  if (pkgAnnotations) out.push(entry(pkg, pkgAnnotations));
  for (let n = pkg.length; n > 0; n--) {
    const sub = packageAnnotations(modules, pkg.slice(0, n), 'subpackages');
    if (sub) out.push(entry(pkg.slice(0, n), sub));
  }
  return out;
}

function packageAnnotations(modules: Module[], path: string[], scope: string): Annotations | undefined {
  const same = (p: string[]) => p.length === path.length && p.every((s, i) => s === path[i]);
  return modules.find((m) => same(m.package.path) && m.package.annotations?.scope === scope)?.package.annotations;
}

/** A JSON value (from YAML) as a literal term. */
function constant(v: unknown, loc: Location): Term {
  if (v === null || v === undefined) return { type: 'null', loc };
  if (typeof v === 'boolean') return { type: 'boolean', value: v, loc };
  if (typeof v === 'number' || typeof v === 'bigint') return { type: 'number', value: String(v), loc };
  if (typeof v === 'string') return { type: 'string', value: v, loc };
  if (Array.isArray(v)) return { type: 'array', items: v.map((x) => constant(x, loc)), loc };
  const entries = Object.entries(v as Record<string, unknown>);
  return { type: 'object', items: entries.map(([k, x]): [Term, Term] => [{ type: 'string', value: k, loc }, constant(x, loc)]), loc };
}
