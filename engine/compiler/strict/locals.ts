/**
 * Strict mode: unused local assignments and unused function arguments. A var assigned with
 * `:=` must occur again in its scope (or a scope nested in it); an argument must occur again
 * somewhere in its function, else chain included. Both are usually a typo or leftover code.
 */
import type { Module, Rule, VarTerm } from '../ast.js';
import { DiagnosticCode, diagnostic, type Diagnostic } from '../diagnostics.js';
import { assignTarget, headTerms, isWildcard, patternVarTerms, ruleChain, ruleScopes, varsIn, varsInBody, type Scope } from './terms.js';

export function unusedAssignments(module: Module): Diagnostic[] {
  return module.rules.flatMap((rule) => ruleScopes(rule).flatMap(unusedInScope));
}

function unusedInScope(scope: Scope): Diagnostic[] {
  const assigned = scope.body.flatMap((e) => {
    const target = assignTarget(e);
    return target ? patternVarTerms(target).filter((v) => !isWildcard(v.name)) : [];
  });
  if (assigned.length === 0) return [];
  const occurrences = countByName([...scope.heads.flatMap((t) => varsIn(t)), ...varsInBody(scope.body)]);
  return assigned
    .filter((v) => (occurrences.get(v.name) ?? 0) <= 1)
    .map((v) => diagnostic(DiagnosticCode.compile, `assigned var ${v.name} unused`, v.loc));
}

export function unusedArguments(module: Module): Diagnostic[] {
  return module.rules.filter((r) => r.head.args !== undefined).flatMap(unusedInFunction);
}

function unusedInFunction(rule: Rule): Diagnostic[] {
  const args = (rule.head.args ?? []).flatMap((a) => varsIn(a)).filter((v) => !isWildcard(v.name));
  const chain = ruleChain(rule);
  // Else rules repeat the parent's args in their heads; count those occurrences once.
  const uses = chain.flatMap((r, i) => [
    ...(i === 0 ? headTerms(r) : headTerms(r).filter((t) => !(r.head.args ?? []).includes(t))).flatMap((t) => varsIn(t)),
    ...varsInBody(r.body),
  ]);
  const occurrences = countByName(uses);
  return args
    .filter((v) => (occurrences.get(v.name) ?? 0) <= 1)
    .map((v) => diagnostic(DiagnosticCode.compile, `unused argument ${v.name}. (hint: use _ (wildcard variable) instead)`, v.loc));
}

function countByName(vars: VarTerm[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of vars) counts.set(v.name, (counts.get(v.name) ?? 0) + 1);
  return counts;
}
