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
import type { Body, Location, Rule } from '../ast.js';
import { walkRule } from '../compile/walk.js';
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

/** Head lines of the rule and its else chain, and the lines of every expression in its bodies. */
function visitRule(rule: Rule, add: (loc: Location) => void): void {
  for (let r: Rule | undefined = rule; r; r = r.else) {
    add(r.head.loc);
    addExpressions(r.body, add);
  }
  walkRule(rule, (t) => { if (t.type === 'arraycomp' || t.type === 'setcomp' || t.type === 'objectcomp') addExpressions(t.body, add); });
}

/** A body's expressions (and those of its `every` bodies); walkRule finds the comprehensions. */
function addExpressions(body: Body, add: (loc: Location) => void): void {
  for (const e of body) {
    if (e.type !== 'some') add(e.loc);
    if (e.type === 'every') addExpressions(e.body, add);
  }
}
