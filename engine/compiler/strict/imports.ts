/**
 * Strict mode: duplicate and unused imports. An import is known by its alias or the last
 * segment of its path; a later import with a name already taken shadows the earlier one. An
 * import is used when a rule mentions its name where no local variable or argument of that
 * name hides it. `future.*` and `rego.*` imports switch on syntax and are never "unused".
 */
import type { Import, Module, Rule } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { assignTarget, headTerms, patternVarTerms, ruleChain, ruleScopes, varsIn, varsInBody } from './terms.js';

export function duplicateImports(module: Module): Diagnostic[] {
  const first = new Map<string, Import>();
  const errors: Diagnostic[] = [];
  for (const imp of module.imports) {
    const name = importName(imp);
    const earlier = first.get(name);
    if (earlier) errors.push(diagnostic(DiagnosticCode.compile, `import must not shadow ${importText(earlier)}`, imp.loc));
    else first.set(name, imp);
  }
  return errors;
}

export function unusedImports(module: Module): Diagnostic[] {
  const used = new Set(module.rules.flatMap(globalNames));
  return module.imports
    .filter((imp) => !isKeywordImport(imp) && !used.has(importName(imp)))
    .map((imp) => diagnostic(DiagnosticCode.compile, `${importText(imp)} unused`, imp.loc));
}

/** `import data.a.b as c` as OPA prints it. */
export function importText(imp: Import): string {
  const path = imp.path.type === 'var'
    ? imp.path.name
    : [imp.path.head.type === 'var' ? imp.path.head.name : '', ...imp.path.path.map((p) => (p.type === 'string' ? segment(p.value) : ''))].join('');
  return `import ${path}${imp.alias ? ` as ${imp.alias}` : ''}`;
}

function segment(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function importName(imp: Import): string {
  if (imp.alias) return imp.alias;
  if (imp.path.type === 'var') return imp.path.name;
  const last = imp.path.path[imp.path.path.length - 1];
  return last?.type === 'string' ? last.value : '';
}

function isKeywordImport(imp: Import): boolean {
  const head = imp.path.type === 'var' ? imp.path : imp.path.head;
  return head.type === 'var' && (head.name === 'future' || head.name === 'rego');
}

/** Names a rule uses that are not its own locals: those resolve to imports (or rules). */
function globalNames(rule: Rule): string[] {
  const locals = new Set(localNames(rule));
  const uses = ruleChain(rule).flatMap((r) => [...headTerms(r).flatMap((t) => varsIn(t)), ...varsInBody(r.body)]);
  return uses.map((v) => v.name).filter((name) => !locals.has(name));
}

function localNames(rule: Rule): string[] {
  const args = (rule.head.args ?? []).flatMap((a) => varsIn(a));
  const declared = ruleScopes(rule).flatMap((s) => s.body.flatMap((e) => {
    const target = assignTarget(e);
    if (target) return patternVarTerms(target);
    if (e.type === 'some') return e.vars;
    if (e.type === 'somein' || e.type === 'every') return [...(e.key ? [e.key] : []), e.value].flatMap((t) => patternVarTerms(t));
    return [];
  }));
  return [...args, ...declared].map((v) => v.name);
}

