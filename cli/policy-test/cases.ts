/**
 * The case list of a parameterized test. Its rule's value holds only the cases that passed
 * (a failing case simply leaves no key), so to report FAIL per case, as `opa test` does, the
 * runner also needs every case the test enumerates. It gets them from a companion rule: the
 * test's head and the leading part of its body up to the expression where all case variables
 * have appeared, compiled under a hidden name in a module of the same package and imports.
 * When the head has an explicit value or the case variables only appear at the very end, no
 * companion is made and only the cases the rule yields are reported.
 */
import type { Body, Module, Rule, Term } from '../../engine/compiler/ast.js';
import { companionHeader } from './companion-header.js';
import { offsetOf } from '../source-offset.js';

export interface CaseRule {
  /** Module name of the companion (never a file on disk). */
  file: string;
  source: string;
  /** Its entrypoint, `pkg/<hidden name>`. */
  entrypoint: string;
}

export const CASES_FILE_SUFFIX = '#warden-test-cases';

export function caseRule(module: Module, source: string, rule: Rule, nameIndex: number, hidden: string): CaseRule | undefined {
  const ref = rule.head.ref;
  const caseVars = new Set(ref.slice(nameIndex + 1).flatMap((t) => varsIn(t)));
  if (caseVars.size === 0 || rule.head.value !== undefined || rule.head.contains !== undefined || rule.else) return undefined;
  const cut = cutIndex(rule.body, caseVars);
  if (cut === undefined) return undefined;
  const nameAt = offsetOf(source, ref[nameIndex]!.loc);
  const afterName = source.slice(nameAt).match(/^("(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*)/)?.[0].length ?? 0;
  const head = source.slice(offsetOf(source, rule.loc), nameAt) + hidden + source.slice(nameAt + afterName, offsetOf(source, rule.body[cut]!.loc));
  const text = [...companionHeader(module, source), `${head}\n}`, ''].join('\n');
  return { file: `${module.file}${CASES_FILE_SUFFIX}/${hidden}`, source: text, entrypoint: [...module.package.path, hidden].join('/') };
}

/** The first expression index before which every case variable has occurred; none if only the whole body binds them. */
function cutIndex(body: Body, caseVars: Set<string>): number | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < body.length; i++) {
    for (const v of varsIn(body[i])) seen.add(v);
    if ([...caseVars].every((v) => seen.has(v))) return i + 1 < body.length ? i + 1 : undefined;
  }
  return undefined;
}

/** Every var name anywhere below a node of the AST (plain data, so a generic walk suffices). */
function varsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(varsIn);
  if (typeof node !== 'object' || node === null) return [];
  const term = node as Partial<Term> & Record<string, unknown>;
  if (term.type === 'var' && typeof term.name === 'string') return [term.name];
  return Object.entries(term).flatMap(([key, value]) => (key === 'loc' ? [] : varsIn(value)));
}
