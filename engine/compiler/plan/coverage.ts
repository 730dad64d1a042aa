/**
 * Coverage sites: the source lines OPA's coverage report counts. OPA marks a line covered when
 * an expression on it is evaluated or a rule whose head is on it produces a value, and lists as
 * not covered every other line holding a rule head or an expression (`some x` declarations
 * excluded). A line with both counts as covered, so one probe per line loses nothing: sites are
 * lines, not expressions.
 *
 * Sites come from every rule of every module, reachable or not, so rules no entrypoint reaches
 * are reported too. The planner marks a probe with a `Nop` statement at the site's location:
 * the IR keeps its meaning, and a back end asked for coverage records that the Nop was reached.
 */
import type { Body, Location, Rule, Term } from '../ast.js';
import type { Program } from '../compile/program.js';

export interface CoverageSite {
  /** The module's file name, as given to `compile`. */
  file: string;
  row: number;
}

/** Probe index -> source line: plain data, sorted by file then row. */
export interface CoverageSites {
  sites: CoverageSite[];
}

export function siteKey(file: string, row: number): string {
  return `${row}:${file}`;
}

export function coverageSites(program: Program): CoverageSites {
  const files = new Set(program.files);
  const lines = new Map<string, CoverageSite>();
  const add = (loc: Location): void => {
    if (files.has(loc.file) && loc.row > 0) lines.set(siteKey(loc.file, loc.row), { file: loc.file, row: loc.row });
  };
  for (const g of program.groups) {
    for (const r of [...g.rules, ...(g.defaultRule ? [g.defaultRule] : [])]) visitRule(r.rule, add);
  }
  const sites = [...lines.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.row - b.row));
  return { sites };
}

/** Probe index by site key. */
export function probeIndex(sites: CoverageSites): Map<string, number> {
  return new Map(sites.sites.map((s, i) => [siteKey(s.file, s.row), i]));
}

function visitRule(rule: Rule, add: (loc: Location) => void): void {
  add(rule.head.loc);
  for (const t of [...rule.head.ref, ...(rule.head.args ?? []), rule.head.value, rule.head.contains]) if (t) visitTerm(t, add);
  visitBody(rule.body, add);
  if (rule.else) visitRule(rule.else, add);
}

function visitBody(body: Body, add: (loc: Location) => void): void {
  for (const e of body) {
    if (e.type !== 'some') add(e.loc);
    e.with.forEach((w) => visitTerm(w.value, add));
    switch (e.type) {
      case 'term': visitTerm(e.term, add); break;
      case 'somein': [e.key, e.value, e.collection].forEach((t) => t && visitTerm(t, add)); break;
      case 'every': visitTerm(e.domain, add); visitBody(e.body, add); break;
      case 'some': break;
    }
  }
}

/** Expressions inside terms: the bodies of comprehensions. */
function visitTerm(t: Term, add: (loc: Location) => void): void {
  switch (t.type) {
    case 'ref': visitTerm(t.head, add); t.path.forEach((p) => visitTerm(p, add)); break;
    case 'call': t.args.forEach((a) => visitTerm(a, add)); break;
    case 'array': case 'set': t.items.forEach((i) => visitTerm(i, add)); break;
    case 'object': t.items.forEach(([k, v]) => { visitTerm(k, add); visitTerm(v, add); }); break;
    case 'arraycomp': case 'setcomp': visitTerm(t.head, add); visitBody(t.body, add); break;
    case 'objectcomp': visitTerm(t.key, add); visitTerm(t.value, add); visitBody(t.body, add); break;
    default: break;
  }
}
